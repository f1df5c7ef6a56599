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
 * hold those two requests back until the operation's own work is done (its
 * reads answered), so the check finishes last however slow the machine is:
 * the answer and the writes must still be decided by the check.
 */

const LIMIT = 2;

/** The requests of one client held back (those whose key starts with a prefix), and the others as they are answered. */
interface Hold {
  /** Held requests so far (waiting for `release`). */
  readonly held: number;
  /** The partition keys each other request named (GetItem, UpdateItem, BatchGetItem), once it was answered. */
  readonly answered: readonly string[];
  /**
   * Lets the held requests go once `ready()` is true and the handler has had
   * a few turns of the event loop to finish what it does with its answers
   * (promise continuations and CPU only: no I/O is left).
   */
  releaseWhen(ready: () => boolean): Promise<void>;
}

/** The partition keys a request names: its Key, or every key of a BatchGetItem. */
function partitionKeysOf(input: unknown): string[] {
  const { Key, RequestItems } = input as { Key?: { pk?: unknown }; RequestItems?: Record<string, { Keys?: { pk?: unknown }[] }> };
  const keys = [Key, ...Object.values(RequestItems ?? {}).flatMap((table) => table.Keys ?? [])];
  return keys.map((key) => key?.pk).filter((pk): pk is string => typeof pk === 'string');
}

/** Holds the requests naming a key that starts with `prefix` (none when null). */
function holdKeys(client: DynamoDBDocumentClient, prefix: string | null): Hold {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const waiting: (() => void)[] = [];
  const changed = () => {
    for (const check of waiting.splice(0)) check();
  };
  const answered: string[] = [];
  let held = 0;
  client.middlewareStack.add(
    (next, _context) => async (args) => {
      const keys = partitionKeysOf(args.input);
      if (prefix !== null && keys.some((key) => key.startsWith(prefix))) {
        held += 1;
        changed();
        await released;
        return next(args);
      }
      const result = await next(args);
      answered.push(...keys);
      changed();
      return result;
    },
    { step: 'initialize', name: 'holdForTest' },
  );
  return {
    get held() {
      return held;
    },
    answered,
    async releaseWhen(ready) {
      await new Promise<void>((resolve) => {
        const check = () => (ready() ? resolve() : waiting.push(check));
        check();
      });
      for (let turn = 0; turn < 10; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      release();
    },
  };
}

/** The operation's own read of the caller's profile has been answered (and the check is held). */
const personRead = (hold: Hold) => () => hold.held === 1 && hold.answered.some((key) => key.startsWith('PERSON#'));

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
  function container(options: { hold?: string; rateLimitPerMinute?: number } = {}): {
    handler: GraphqlLambdaHandler;
    requests: RequestCounter;
    hold: Hold;
  } {
    const config = testAppConfig(table, { rateLimitPerMinute: options.rateLimitPerMinute ?? LIMIT });
    const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
    clients.push(client);
    const requests = countRequests(client);
    const hold = holdKeys(client, options.hold ?? null);
    return { handler: createGraphqlHandler(config, { client, clock }), requests, hold };
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
    const { handler, hold } = container({ hold: 'RATE#' });

    // act
    const pending = send(handler, 'slow-limit', ME);
    await hold.releaseWhen(personRead(hold));
    const answer = await pending;

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
      const { handler, hold } = container({ hold: 'ERASURE#', rateLimitPerMinute: 0 });

      // act
      const pending = send(handler, PERSON, ME);
      await hold.releaseWhen(personRead(hold));
      const answer = await pending;

      // assert
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(answer.body.data).toBeUndefined();
      expect(answer.text).not.toContain('Eve');
    });

    it('never runs a mutation: not even its reads go out', async () => {
      // prepare
      const { handler, requests, hold } = container({ hold: 'ERASURE#', rateLimitPerMinute: 0 });

      // act: joining reads the invite before it would write anything; a read that went out while the marker is held would be counted
      const pending = send(handler, PERSON, { query: 'mutation { joinCouple(input: { code: "ABCDE-FGHJK" }) { id } }' });
      await hold.releaseWhen(() => hold.held === 1);
      const answer = await pending;

      // assert
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(requests.byCommand).toEqual({ GetItemCommand: 1 });
    });

    it('writes nothing for a mutation', async () => {
      // prepare
      const { handler, requests, hold } = container({ hold: 'ERASURE#', rateLimitPerMinute: 0 });
      const before = await scanTable(table);

      // act
      const pending = send(handler, PERSON, {
        query: 'mutation { updateProfile(input: { displayName: "Changed" }) { displayName } }',
      });
      await hold.releaseWhen(() => hold.held === 1);
      const answer = await pending;

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
