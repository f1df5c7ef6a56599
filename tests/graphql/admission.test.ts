import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createGraphqlHandler, type GraphqlLambdaHandler } from '../../functions/graphql/create-handler';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { erasureKey } from '../../functions/privacy/erasure.repository';
import { testAppConfig } from '../support/app-config';
import { countRequests, type RequestCounter } from '../support/request-counter';
import { scanTable } from '../support/table-scan';
import { apiGatewayEvent, testClock } from '../support/test-api';
import { createTestTable, type TestTable } from '../support/test-table';
import { tokenFor } from '../support/tokens';

/*
 * The rate limit and the erasure marker are checked while the operation is
 * parsed, validated and read (functions/graphql/admission.ts). These tests
 * hold those two requests back (a middleware delays them) so that the
 * operation's own work finishes first: the answer and the writes must still
 * be decided by the checks.
 */

const DELAY_MS = 300;
const LIMIT = 2;

/** Delays every request whose key starts with `prefix` (the rate-limit counter or the erasure marker). */
function delayKeys(client: DynamoDBDocumentClient, prefix: string): void {
  client.middlewareStack.add(
    (next, _context) => async (args) => {
      const key = (args.input as { Key?: { pk?: unknown } }).Key;
      if (typeof key?.pk === 'string' && key.pk.startsWith(prefix)) await new Promise((done) => setTimeout(done, DELAY_MS));
      return next(args);
    },
    { step: 'initialize', name: 'delayForTest' },
  );
}

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
  text: string;
}

describe('admission runs beside the operation, and still decides the answer', () => {
  let table: TestTable;
  const clock = testClock('2026-11-26T12:00:10.000Z');
  const clients: DynamoDBDocumentClient[] = [];

  /** A fresh handler (a new container: nothing remembered) with its own counted client. */
  function container(options: { delay?: string; rateLimitPerMinute?: number } = {}): {
    handler: GraphqlLambdaHandler;
    requests: RequestCounter;
  } {
    const config = testAppConfig(table, { rateLimitPerMinute: options.rateLimitPerMinute ?? LIMIT });
    const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
    clients.push(client);
    const requests = countRequests(client);
    if (options.delay) delayKeys(client, options.delay);
    return { handler: createGraphqlHandler(config, { client, clock }), requests };
  }

  async function send(handler: GraphqlLambdaHandler, sub: string, body: unknown): Promise<Answer> {
    const token = await tokenFor(sub, { name: sub });
    const result = await handler(apiGatewayEvent(JSON.stringify(body), { authorization: `Bearer ${token}` }), {} as never);
    const text = result.body ?? '{}';
    return { status: result.statusCode ?? 200, headers: result.headers ?? {}, body: JSON.parse(text), text };
  }

  const ME = { query: '{ me { person { displayName } scopes } }' };

  beforeAll(async () => {
    table = await createTestTable('admission');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await table.drop();
  });

  it('refuses a caller this container already refused without any DynamoDB request', async () => {
    // prepare
    const { handler, requests } = container();
    for (let i = 0; i < LIMIT; i += 1) expect((await send(handler, 'known', ME)).status).toBe(200);
    expect((await send(handler, 'known', ME)).status).toBe(429);
    requests.reset();

    // act
    const again = await send(handler, 'known', ME);

    // assert
    expect(again.status).toBe(429);
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 50 });
    expect(again.headers['retry-after']).toBe('50');
    expect(requests.total).toBe(0);
  });

  it('answers 429 with no data when the rate-limit write finishes after the query', async () => {
    // prepare: the limit used up in another container, this one remembers nothing
    const first = container();
    for (let i = 0; i < LIMIT; i += 1) expect((await send(first.handler, 'slow-limit', ME)).status).toBe(200);
    const { handler } = container({ delay: 'RATE#' });

    // act
    const answer = await send(handler, 'slow-limit', ME);

    // assert
    expect(answer.status).toBe(429);
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(answer.body.data).toBeUndefined();
    expect(answer.headers['retry-after']).toBe('50');
  });

  it('answers 429, not the request error, to an over-limit caller with an invalid operation or body', async () => {
    // prepare
    const first = container();
    for (let i = 0; i < LIMIT; i += 1) expect((await send(first.handler, 'invalid', ME)).status).toBe(200);

    // act: each in a container that has not seen the caller yet
    const unparsable = await send(container().handler, 'invalid', { query: '{ me { ' });
    const invalid = await send(container().handler, 'invalid', { query: '{ me { noSuchField } }' });
    const badVariables = await send(container().handler, 'invalid', { query: '{ me { scopes } }', variables: 'not an object' });

    // assert
    for (const answer of [unparsable, invalid, badVariables]) {
      expect(answer.status).toBe(429);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    }
  });

  describe('an erased person (DONE marker) whose marker read finishes last', () => {
    const PERSON = 'erased-eve';

    beforeAll(async () => {
      const { handler } = container({ rateLimitPerMinute: 0 });
      const created = await send(handler, PERSON, { query: 'mutation { updateProfile(input: { displayName: "Eve" }) { displayName } }' });
      expect(created.status).toBe(200);
      const config = testAppConfig(table);
      const writer = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
      clients.push(writer);
      await writer.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...erasureKey(PERSON), type: 'ErasureMarker', status: 'DONE', startedAt: clock.now().toISOString() },
        }),
      );
    });

    it('gets 401 and no data for a query', async () => {
      // prepare
      const { handler } = container({ delay: 'ERASURE#', rateLimitPerMinute: 0 });

      // act
      const answer = await send(handler, PERSON, ME);

      // assert
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(answer.body.data).toBeUndefined();
      expect(answer.text).not.toContain('Eve');
    });

    it('never runs a mutation: not even its reads go out', async () => {
      // prepare
      const { handler, requests } = container({ delay: 'ERASURE#', rateLimitPerMinute: 0 });

      // act: joining reads the invite before it would write anything
      const answer = await send(handler, PERSON, { query: 'mutation { joinCouple(input: { code: "ABCDE-FGHJK" }) { id } }' });

      // assert
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(requests.byCommand).toEqual({ GetItemCommand: 1 });
    });

    it('writes nothing for a mutation', async () => {
      // prepare
      const { handler, requests } = container({ delay: 'ERASURE#', rateLimitPerMinute: 0 });
      const before = await scanTable(table);

      // act
      const answer = await send(handler, PERSON, {
        query: 'mutation { updateProfile(input: { displayName: "Changed" }) { displayName } }',
      });

      // assert
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(answer.body.data).toBeUndefined();
      // Only the marker read went out: not the mutation's read-then-write.
      expect(requests.byCommand).toEqual({ GetItemCommand: 1 });
      expect(await scanTable(table)).toEqual(before);
    });
  });
});
