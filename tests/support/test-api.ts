import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createGraphqlHandler, type GraphqlLambdaHandler } from '../../functions/graphql/create-handler';
import type { IdentityDirectory } from '../../functions/privacy/identity-directory';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { countRequests, type RequestCounter } from './request-counter';
import type { EventPublisher } from '../../functions/shared/events/publisher';
import type { Clock } from '../../functions/shared/time/clock';
import type { RandomSource } from '../../functions/prompts/prompt-draw';
import { testAppConfig } from './app-config';
import { createTestTable, type TestTable } from './test-table';
import { tokenFor, type TokenOptions } from './tokens';

/** A GraphQL response as a client sees it. */
export interface GraphqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
  headers: Record<string, unknown>;
}

/** A clock the test moves by hand. */
export interface TestClock extends Clock {
  set(instant: string | Date): void;
  advanceDays(days: number): void;
}

export function testClock(start = '2026-11-26T12:00:00.000Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = new Date(instant);
    },
    advanceDays: (days) => {
      current = new Date(current.getTime() + days * 86_400_000);
    },
  };
}

/** The real GraphQL Lambda handler over a fresh DynamoDB Local table, and a way to call it as a client would. */
export interface TestApi {
  table: TestTable;
  handler: GraphqlLambdaHandler;
  clock: TestClock;
  /** DynamoDB requests the handler sent (reset it before the act step). */
  requests: RequestCounter;
  /** The handler's own DynamoDB client (a test may add an observing or failing middleware to it). */
  client: DynamoDBDocumentClient;
  /** Sends an operation as `sub` (a valid all-scopes token unless options say otherwise), with any extra request headers. */
  as(
    sub: string,
    query: string,
    variables?: Record<string, unknown>,
    token?: TokenOptions,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse>;
  /** Sends a raw request with the given Authorization header (or none). */
  raw(body: unknown, headers?: Record<string, string>): Promise<GraphqlResponse>;
  drop(): Promise<void>;
}

/**
 * Builds the handler exactly as the Lambda entry does (createGraphqlHandler),
 * on this test file's own table, with a hand-moved clock.
 */
export async function createTestApi(
  prefix: string,
  options: {
    clock?: TestClock;
    random?: RandomSource;
    /** Where the handler publishes domain events (e.g. an in-process bus). */
    events?: EventPublisher;
    /** Called after each erasure batch (tests/privacy crash an erasure half-way by throwing). */
    afterErasureBatch?: (step: string) => void;
    /** deleteMyAccount's time budget (0: one reflection batch per request). */
    erasureRequestBudgetMs?: number;
    /** Where erasure deletes sign-in identities (default: the local no-op; null: the cloud's "left to the erasure sweep"). */
    identities?: IdentityDirectory | null;
  } = {},
): Promise<TestApi> {
  const table = await createTestTable(prefix);
  const config = testAppConfig(table);
  const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const requests = countRequests(client);
  const clock = options.clock ?? testClock();
  const handler = createGraphqlHandler(config, {
    client,
    clock,
    random: options.random,
    events: options.events,
    afterErasureBatch: options.afterErasureBatch,
    erasureRequestBudgetMs: options.erasureRequestBudgetMs,
    identities: options.identities,
  });

  const raw = async (body: unknown, headers: Record<string, string> = {}): Promise<GraphqlResponse> => {
    const result = await handler(apiGatewayEvent(JSON.stringify(body), headers), lambdaContext());
    const parsed = result.body ? JSON.parse(result.body) : {};
    return { status: result.statusCode ?? 200, data: parsed.data, errors: parsed.errors, headers: result.headers ?? {} };
  };

  return {
    table,
    handler,
    clock,
    requests,
    client,
    raw,
    async as(sub, query, variables, tokenOptions, headers = {}) {
      const token = await tokenFor(sub, { name: sub.charAt(0).toUpperCase() + sub.slice(1), ...tokenOptions });
      return raw({ query, variables }, { ...headers, authorization: `Bearer ${token}` });
    },
    async drop() {
      client.destroy();
      await table.drop();
    },
  };
}

/** The API Gateway HTTP API (v2) event for `POST /graphql`, as the real gateway sends it. */
export function apiGatewayEvent(body: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: `test-${now}-${Math.random().toString(36).slice(2)}`,
      routeKey: 'POST /graphql',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body,
    isBase64Encoded: false,
  };
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'graphql',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:graphql',
    memoryLimitInMB: '1024',
    awsRequestId: `req-${Math.random().toString(36).slice(2)}`,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The `extensions.code` of each error, for terse assertions. */
export function errorCodes(response: GraphqlResponse): string[] {
  return (response.errors ?? []).map((e) => String(e.extensions?.code));
}

/**
 * The errors with each `extensions.requestId` left out: two answers that
 * must be indistinguishable (a stranger's and an absent object's) differ in
 * nothing else, since every request has its own id.
 */
export function withoutRequestIds(errors: GraphqlResponse['errors']): GraphqlResponse['errors'] {
  return errors?.map((error) => {
    if (!error.extensions) return error;
    const { requestId: _requestId, ...extensions } = error.extensions;
    return { ...error, extensions };
  });
}

/**
 * What a client sees of an answer (status, data, errors) with each error's
 * `requestId` left out: compare a hidden object's answer with an absent
 * one's with this.
 */
export function clientView(response: GraphqlResponse): Pick<GraphqlResponse, 'status' | 'data' | 'errors'> {
  return { status: response.status, data: response.data, errors: withoutRequestIds(response.errors) };
}
