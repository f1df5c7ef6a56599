import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

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

/**
 * Opens the client's connection while the cold start is still busy with CPU
 * work (module evaluation, schema, Apollo's start): one GetItem of a key no
 * item has, sent and not awaited. The first request then finds the TCP (and,
 * in the cloud, TLS) connection open, the credentials resolved and the SDK's
 * request path already run once. Never fails: a failed priming only means
 * the first request connects itself, as without it.
 */
export function primeConnection(client: DynamoDBDocumentClient, tableName: string): void {
  client.send(new GetCommand({ TableName: tableName, Key: { pk: 'PRIME', sk: 'PRIME' } })).catch(() => undefined);
}
