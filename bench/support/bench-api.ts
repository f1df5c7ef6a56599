import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createGraphqlHandler } from '../../functions/graphql/create-handler';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { countRequests, type RequestCounter } from '../../tests/support/request-counter';
import type { Item } from '../../functions/shared/data/table';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../../local/auth/local-issuer';
import { createLocalDynamoDbClient, LOCAL_CREDENTIALS } from '../../local/dynamodb/client';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { ensureTable } from '../../local/dynamodb/ensure-table';
import { createLambdaContext } from '../../local/http/lambda-context';
import { apiGatewayEvent } from '../../tests/support/test-api';

/** The real GraphQL handler on its own in-memory DynamoDB Local, for benchmarks. */
export interface BenchApi {
  /** Counts the DynamoDB requests the handler sends. */
  requests: RequestCounter;
  /** Sends an operation as `sub` (all scopes) and returns the parsed body; throws on GraphQL errors. */
  as(sub: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  /** Writes items directly (BatchWriteItem, 25 per request), for seeding large histories quickly. */
  seed(items: Item[]): Promise<void>;
  /** The handler's own client and table, for seed helpers that write through a client (their requests count too: reset first). */
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** DynamoDB Local's endpoint (for bench-only checks such as a whole-table scan). */
  endpoint: string;
  /** Stops DynamoDB Local (java) and removes the temporary keys. */
  stop(): Promise<void>;
}

/** The process environment every benchmark runs in, set before any SDK client exists; returns the region. */
export function prepareBenchEnvironment(): { region: string } {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.AWS_REGION ||= 'us-east-1';
  const region = process.env.AWS_REGION;
  // One info line per operation would drown the table; warnings and errors still show.
  process.env.LOG_LEVEL ||= 'warn';
  // Never send real credentials to a local endpoint.
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  return { region };
}

/**
 * Starts DynamoDB Local in memory, creates the table from TABLE_DEFINITION,
 * and builds the handler exactly as the Lambda entry does
 * (createGraphqlHandler), with a request-counting client.
 */
export async function startBenchApi(): Promise<BenchApi> {
  const { region } = prepareBenchEnvironment();
  const dynamodb = await startDynamoDbLocal();
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconnect-bench-issuer-'));
  try {
    const tableName = 'reconnect-bench';
    const admin = createLocalDynamoDbClient(dynamodb.endpoint);
    await ensureTable(admin, tableName);
    admin.destroy();

    const issuer = await createLocalIssuer({ keyDir });
    const client = createDocumentClient({ region, endpoint: dynamodb.endpoint });
    const requests = countRequests(client);
    const handler = createGraphqlHandler(
      {
        stage: 'local',
        region,
        tableName,
        dynamodbEndpoint: dynamodb.endpoint,
        auth: { issuer: LOCAL_ISSUER, audiences: [LOCAL_CLIENT_ID], jwks: issuer.publicJwks() },
        introspection: false,
        // The per-caller limiter adds one UpdateItem per request; benchmarks measure the data path.
        rateLimitPerMinute: 0,
      },
      { client },
    );
    const tokens = new Map<string, string>();

    return {
      requests,
      documentClient: client,
      tableName,
      endpoint: dynamodb.endpoint,
      async as(sub, query, variables) {
        let token = tokens.get(sub);
        if (!token) {
          token = await issuer.issueToken({ sub, name: sub });
          tokens.set(sub, token);
        }
        const event = apiGatewayEvent(JSON.stringify({ query, variables }), { authorization: `Bearer ${token}` });
        const result = await handler(event, createLambdaContext());
        const body = JSON.parse(result.body ?? '{}');
        if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
        return body.data;
      },
      async seed(items) {
        for (let start = 0; start < items.length; start += 25) {
          let pending: Record<string, unknown>[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
          while (pending.length > 0) {
            const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
            pending = (result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined) ?? [];
          }
        }
      },
      async stop() {
        client.destroy();
        await dynamodb.stop();
        fs.rmSync(keyDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await dynamodb.stop();
    fs.rmSync(keyDir, { recursive: true, force: true });
    throw error;
  }
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Prints each check as PASS or FAIL; a failed one fails the process (exit code 1). */
export function reportChecks(checks: readonly (readonly [boolean, string])[]): void {
  for (const [pass, what] of checks) console.log(`${pass ? 'PASS' : 'FAIL'} ${what}`);
  if (checks.some(([pass]) => !pass)) process.exitCode = 1;
}

/** Runs a benchmark's main: an error is printed and fails the process. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
