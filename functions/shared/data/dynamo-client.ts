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
