import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** Commands that only read: they go out at once. Anything else is treated as a write. */
const READS = [GetCommand, BatchGetCommand, QueryCommand, ScanCommand, TransactGetCommand];

/**
 * The client one request's services use: reads are sent at once, every other
 * command (writes, and anything not known to be a read) only after
 * `admitted` resolves, and never if it rejects. So a request can read while
 * its caller's rate limit and erasure marker are being checked
 * (admission.ts), and a refused caller writes nothing.
 */
export function gateWrites(client: DynamoDBDocumentClient, admitted: () => Promise<void>): DynamoDBDocumentClient {
  // The prototype keeps the client's config and middleware stack visible (paginators and tests read them).
  const gated = Object.create(client) as DynamoDBDocumentClient;
  const send = (command: unknown, ...rest: unknown[]) => {
    const sendNow = () => (client.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
    return READS.some((read) => command instanceof read) ? sendNow() : admitted().then(sendNow);
  };
  gated.send = send as DynamoDBDocumentClient['send'];
  return gated;
}
