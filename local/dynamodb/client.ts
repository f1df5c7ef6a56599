import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Credentials DynamoDB Local accepts. It checks that requests are signed but
 * not by whom; the values are fixed so that no real AWS credentials are ever
 * sent to a local endpoint.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Options for {@link createLocalDynamoDbClient}. */
export interface LocalDynamoDbClientOptions {
  /** Region to sign with; DynamoDB Local runs with `-sharedDb`, so any region sees the same tables. */
  region?: string;
  /** Socket connect timeout; short values suit readiness polling. */
  connectionTimeoutMs?: number;
  /** Whole-request timeout. */
  requestTimeoutMs?: number;
  /** SDK retry attempts (1 = no retry). */
  maxAttempts?: number;
}

/**
 * A DynamoDB client for a local endpoint (DynamoDB Local), signed with dummy
 * credentials. Used by the local run, the jest harness and the readiness poll.
 */
export function createLocalDynamoDbClient(endpoint: string, options: LocalDynamoDbClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: options.maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      // A request past requestTimeout fails instead of only printing a WARN
      // line: the readiness poll expects (and retries) exactly that failure.
      throwOnRequestTimeout: options.requestTimeoutMs !== undefined,
    },
  });
}
