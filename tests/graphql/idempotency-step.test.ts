import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { IdempotencyRepository, idempotencyKey } from '../../functions/shared/idempotency/idempotency.repository';
import { requestFingerprint } from '../../functions/shared/idempotency/idempotency-key';
import { IDEMPOTENCY_LEASE_MS } from '../../functions/shared/idempotency/idempotent-requests';
import { getConsistent } from '../../functions/shared/data/table';
import { ErasureRepository } from '../../functions/privacy/erasure.repository';
import { createActiveCouple, dataOf } from '../support/operations';
import { writeReflection } from '../support/reflection-operations';
import { CREATE_PRACTICE } from '../support/practice-operations';
import { apiGatewayEvent, createTestApi, type TestApi } from '../support/test-api';
import { tokenFor } from '../support/tokens';

/** An answer exactly as the client receives it: status, headers and the body's bytes. */
interface RawAnswer {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const MY_PRACTICES = '{ me { practices { practice { name } } } }';
const DELETE_ACCOUNT = 'mutation { deleteMyAccount(input: { confirm: true }) { deletedId } }';

describe('Idempotency-Key: a retried mutation never duplicates', () => {
  let api: TestApi;
  /** Set by a test: the next TransactWriteItems fails (a DynamoDB outage in the middle of the mutation). */
  let failNextTransaction = false;
  /** Set by a test: the next BatchGetItem fails (a read after the mutation's write). */
  let failNextBatchGet = false;

  beforeAll(async () => {
    // deleteMyAccount answers after its first batch (the one test that erases relies on it).
    api = await createTestApi('idempotency', { erasureRequestBudgetMs: 0 });
    api.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (failNextTransaction && context.commandName === 'TransactWriteItemsCommand') {
          failNextTransaction = false;
          throw new Error('injected DynamoDB failure');
        }
        if (failNextBatchGet && context.commandName === 'BatchGetItemCommand') {
          failNextBatchGet = false;
          throw new Error('injected DynamoDB failure');
        }
        return next(args);
      },
      { step: 'initialize', name: 'failForTest' },
    );
  });
  afterAll(() => api.drop());

  async function send(sub: string, payload: Record<string, unknown>, key?: string): Promise<RawAnswer> {
    const token = await tokenFor(sub, { name: sub });
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (key !== undefined) headers['idempotency-key'] = key;
    const result = (await api.handler(apiGatewayEvent(JSON.stringify(payload), headers), {} as never)) as APIGatewayProxyStructuredResultV2;
    const text = result.body ?? '';
    return { status: result.statusCode ?? 200, headers: result.headers ?? {}, text, body: JSON.parse(text) };
  }

  const createPractice = (sub: string, name: string, key?: string) => send(sub, { query: CREATE_PRACTICE, variables: { name } }, key);

  async function practiceNames(sub: string): Promise<string[]> {
    const me = dataOf(await api.as(sub, MY_PRACTICES), 'practices').me;
    return me.practices.map((membership: { practice: { name: string } }) => membership.practice.name);
  }

  /** The answer of a retry whose request was already applied: 409 CONFLICT "already applied", marked replayed, no data. */
  function expectAlreadyApplied(answer: RawAnswer): void {
    expect(answer.status).toBe(409);
    expect(answer.headers['idempotent-replayed']).toBe('true');
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', idempotencyKey: 'APPLIED' });
    expect(answer.body.errors?.[0]?.message).toMatch(/already applied at .*its answer is not kept/);
  }

  it('runs a mutation once for two requests with the same key; the second is told it was already applied', async () => {
    // act
    const first = await createPractice('ida', 'Harbor', 'key-1');
    const retried = await createPractice('ida', 'Harbor', 'key-1');

    // assert
    expect(first.body.errors).toBeUndefined();
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expectAlreadyApplied(retried);
    expect(await practiceNames('ida')).toEqual(['Harbor']);
  });

  it('keeps no answer: a webhook signing secret or text people wrote is never stored in the record', async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'yan', 'zoe');
    const createWebhook = {
      query:
        'mutation($c: ID!) { createWebhook(input: { coupleId: $c, url: "https://hooks.example.com/x", events: [REFLECTION_SHARED] }) { signingSecret } }',
      variables: { c: coupleId },
    };
    const write = {
      query: 'mutation($c: ID!) { writeReflection(input: { coupleId: $c, body: "Only for us" }) { body } }',
      variables: { c: coupleId },
    };

    // act
    const created = await send('yan', createWebhook, 'key-secret');
    const written = await send('yan', write, 'key-text');

    // assert
    const table = { client: api.client, tableName: api.table.tableName };
    for (const [key, answer] of [
      ['key-secret', created],
      ['key-text', written],
    ] as const) {
      expect(answer.body.errors).toBeUndefined();
      const record = await getConsistent(table, idempotencyKey('yan', key));
      expect(record?.state).toBe('DONE');
      expect(JSON.stringify(record)).not.toMatch(/whsec_|Only for us/);
    }
    expect(created.text).toMatch(/whsec_/);
  });

  it('keeps keys per caller: another person with the same key gets their own object', async () => {
    // prepare
    await createPractice('ida2', 'Ida two', 'shared-key');

    // act
    const other = await createPractice('jon', 'Jon practice', 'shared-key');

    // assert
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.data.createPractice.name).toBe('Jon practice');
    expect(await practiceNames('jon')).toEqual(['Jon practice']);
  });

  it('refuses the same key with other variables with 422 BAD_USER_INPUT naming the header, and runs nothing', async () => {
    // prepare
    await createPractice('kim', 'Kim first', 'key-2');

    // act
    const reused = await createPractice('kim', 'Kim second', 'key-2');

    // assert
    expect(reused.status).toBe(422);
    expect(reused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(reused.body.errors?.[0]?.message).toMatch(/^Idempotency-Key: .*different request/);
    expect(await practiceNames('kim')).toEqual(['Kim first']);
  });

  it('treats the same variables in another key order as the same request', async () => {
    // prepare
    const query = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName } }';
    const first = await send('lea', { query, variables: { input: { displayName: 'Lea', timezone: 'Europe/Oslo' } } }, 'key-order');

    // act
    const reordered = await send('lea', { query, variables: { input: { timezone: 'Europe/Oslo', displayName: 'Lea' } } }, 'key-order');

    // assert
    expect(first.body.data.updateProfile.displayName).toBe('Lea');
    expectAlreadyApplied(reordered);
  });

  it('lets exactly one of many concurrent same-key requests run; each other one gets "already applied" or a retryable CONFLICT', async () => {
    // act
    const answers = await Promise.all(Array.from({ length: 6 }, () => createPractice('max', 'Max practice', 'key-race')));

    // assert
    expect(await practiceNames('max')).toEqual(['Max practice']);
    const ran = answers.filter((a) => a.status === 200 && a.headers['idempotent-replayed'] === undefined);
    expect(ran).toHaveLength(1);
    for (const answer of answers.filter((a) => a !== ran[0])) {
      if (answer.headers['idempotent-replayed'] === 'true') {
        expectAlreadyApplied(answer);
      } else {
        expect(answer.status).toBe(409);
        expect(answer.headers['retry-after']).toBe('1');
        expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', retryAfterSeconds: 1 });
      }
    }
  });

  it('answers CONFLICT while the first request holds the key, and lets a retry run once its lease ran out', async () => {
    // prepare: a request that claimed the key and never finished (its Lambda timed out)
    const payload = { query: CREATE_PRACTICE, variables: { name: 'Ned practice' } };
    const now = api.clock.now().getTime();
    const records = new IdempotencyRepository({ client: api.client, tableName: api.table.tableName });
    await records.claim('ned', 'key-lease', {
      fingerprint: requestFingerprint({ query: payload.query, operationName: null, variables: payload.variables }),
      claimId: 'crashed-request',
      now,
      leaseUntil: now + IDEMPOTENCY_LEASE_MS,
      expiresAt: now + 86_400_000,
    });

    // act
    const whileHeld = await send('ned', payload, 'key-lease');
    api.clock.set(new Date(now + IDEMPOTENCY_LEASE_MS + 1_000));
    const afterLease = await send('ned', payload, 'key-lease');

    // assert
    expect(whileHeld.status).toBe(409);
    expect(whileHeld.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(afterLease.body.data.createPractice.name).toBe('Ned practice');
    expect(await practiceNames('ned')).toEqual(['Ned practice']);
  });

  it('does not hold the key for a mutation that was not applied (a validation error): its retry runs, and is judged again', async () => {
    // act
    const first = await createPractice('ola', '', 'key-invalid');
    const retried = await createPractice('ola', '', 'key-invalid');

    // assert
    for (const answer of [first, retried]) {
      expect(answer.status).toBe(200);
      expect(answer.headers['idempotent-replayed']).toBeUndefined();
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await getConsistent({ client: api.client, tableName: api.table.tableName }, idempotencyKey('ola', 'key-invalid'))).toBeNull();
  });

  it('holds the key once the mutation was applied, even when a field read inside its payload failed', async () => {
    // prepare: the payload's nested read of the practice's members fails after the write committed
    const query = 'mutation($name: String!) { createPractice(input: { name: $name }) { id members { role person { id displayName } } } }';
    failNextBatchGet = true;
    const first = await send('ravi', { query, variables: { name: 'Ravi practice' } }, 'key-nested');

    // act
    const retried = await send('ravi', { query, variables: { name: 'Ravi practice' } }, 'key-nested');

    // assert
    expect(first.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const [failure] = (first.body.errors ?? []) as { path?: unknown[] }[];
    expect(failure?.path?.slice(0, 2)).toEqual(['createPractice', 'members']);
    expectAlreadyApplied(retried);
    expect(await practiceNames('ravi')).toEqual(['Ravi practice']);
  });

  it('does not keep an internal error: the retry runs the mutation again', async () => {
    // prepare
    failNextTransaction = true;
    const failed = await createPractice('pia', 'Pia practice', 'key-outage');

    // act
    const retried = await createPractice('pia', 'Pia practice', 'key-outage');

    // assert
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body.data.createPractice.name).toBe('Pia practice');
    expect(await practiceNames('pia')).toEqual(['Pia practice']);
  });

  it('forgets a key after 24 hours: the same request then runs again', async () => {
    // prepare
    await createPractice('quin', 'Quin one', 'key-day');
    api.clock.set(new Date(api.clock.now().getTime() + 24 * 3_600_000 + 1_000));

    // act
    const nextDay = await createPractice('quin', 'Quin one', 'key-day');

    // assert
    expect(nextDay.headers['idempotent-replayed']).toBeUndefined();
    expect(await practiceNames('quin')).toEqual(['Quin one', 'Quin one']);
  });

  it('ignores the header on a query: nothing is stored', async () => {
    // act
    const answer = await send('rui', { query: MY_PRACTICES }, 'key-query');

    // assert
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(await getConsistent({ client: api.client, tableName: api.table.tableName }, idempotencyKey('rui', 'key-query'))).toBeNull();
  });

  it('ignores the header on deleteMyAccount, so that its retry goes on erasing instead of replaying', async () => {
    // prepare: a reflection to erase; the request's time budget (0) is spent after its first batch
    const coupleId = await createActiveCouple(api, 'vic', 'wes');
    await writeReflection(api, 'vic', coupleId);

    // act
    const erased = await api.as('vic', DELETE_ACCOUNT, {}, undefined, { 'idempotency-key': 'key-erase' });

    // assert: answered while the erasure is still PENDING, and no answer kept for a retry to replay
    expect(erased.errors).toBeUndefined();
    expect((await new ErasureRepository({ client: api.client, tableName: api.table.tableName }).get('vic'))?.status).toBe('PENDING');
    expect(await getConsistent({ client: api.client, tableName: api.table.tableName }, idempotencyKey('vic', 'key-erase'))).toBeNull();
  });

  it('stores the record under hashes of the caller and the key, never either one', async () => {
    // act
    await createPractice('sam-sub-1234', 'Sam', 'sam-secret-key');

    // assert
    const key = idempotencyKey('sam-sub-1234', 'sam-secret-key');
    const record = await getConsistent({ client: api.client, tableName: api.table.tableName }, key);
    expect(record?.state).toBe('DONE');
    expect(`${key.pk} ${key.sk}`).not.toMatch(/sam-sub-1234|sam-secret-key/);
    expect(Number(record?.ttl)).toBe(Math.ceil((api.clock.now().getTime() + 86_400_000) / 1000));
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'ключ'],
    ['a control character', 'key\u0007'],
  ])('refuses a key that is %s with 400 BAD_USER_INPUT naming the header, and runs nothing', async (_what, key) => {
    // act
    const answer = await createPractice('tia', 'Tia practice', key);

    // assert
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(answer.body.errors?.[0]?.message).toContain('printable ASCII');
    expect(await practiceNames('tia')).toEqual([]);
  });

  it('refuses a persisted-query request carrying only its hash, naming the header', async () => {
    // act
    const answer = await send(
      'uma',
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } }, variables: { name: 'x' } },
      'key-apq',
    );

    // assert
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
  });

  it('refuses a keyed request that runs two mutation fields with 400 naming the header, and runs neither', async () => {
    // act
    const answer = await send(
      'vera',
      { query: 'mutation { a: createPractice(input: { name: "Vera one" }) { id } b: createPractice(input: { name: "Vera two" }) { id } }' },
      'key-two-fields',
    );

    // assert
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(answer.body.errors?.[0]?.message).toContain('exactly one mutation field');
    expect(await practiceNames('vera')).toEqual([]);
  });

  it('ignores the header on exportMyData, which writes nothing: its retry exports again', async () => {
    // prepare
    const query = 'mutation { exportMyData { generatedAt } }';

    // act
    const first = await send('will', { query }, 'key-export');
    const retried = await send('will', { query }, 'key-export');

    // assert
    for (const answer of [first, retried]) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    }
    expect(await getConsistent({ client: api.client, tableName: api.table.tableName }, idempotencyKey('will', 'key-export'))).toBeNull();
  });
});
