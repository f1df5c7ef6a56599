import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Counts the DynamoDB requests a client sends (benchmarks and request-bound tests read it). */
export interface RequestCounter {
  readonly total: number;
  readonly byCommand: Record<string, number>;
  reset(): void;
}

/**
 * Adds a middleware that counts every request the client sends, by command
 * name. It observes only; it never changes a request.
 */
export function countRequests(client: DynamoDBDocumentClient): RequestCounter {
  const byCommand: Record<string, number> = {};
  let total = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      total += 1;
      const name = String(context.commandName ?? 'unknown');
      byCommand[name] = (byCommand[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'reconnectRequestCounter' },
  );
  return {
    get total() {
      return total;
    },
    byCommand,
    reset() {
      total = 0;
      for (const key of Object.keys(byCommand)) delete byCommand[key];
    },
  };
}
