import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  region: string;
  /** DynamoDB Local or another endpoint; unset in the cloud. */
  endpoint?: string;
}

/**
 * One document client per Lambda container, created at cold start and reused
 * by every request (the SDK keeps connections alive).
 */
export function createDocumentClient(options: DynamoClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    // Default SDK retries (3 with backoff) are right for throttling; a conditional
    // check failure is never retried by the SDK, so retries cannot double a write.
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

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
