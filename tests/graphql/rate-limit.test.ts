import { createGraphqlHandler } from '../../functions/graphql/create-handler';
import { testAppConfig } from '../support/app-config';
import { apiGatewayEvent, errorCodes, testClock } from '../support/test-api';
import { itemsHolding, scanTable } from '../support/table-scan';
import { createTestTable, type TestTable } from '../support/test-table';
import { tokenFor } from '../support/tokens';

describe('per-caller rate limit (RATE_LIMITED)', () => {
  let table: TestTable;
  const clock = testClock('2026-11-26T12:00:10.000Z');
  let call: (sub: string) => Promise<{ status: number; headers: Record<string, unknown>; body: any }>;

  beforeAll(async () => {
    table = await createTestTable('rate-limit');
    const handler = createGraphqlHandler(testAppConfig(table, { rateLimitPerMinute: 3 }), { clock });
    call = async (sub) => {
      const token = await tokenFor(sub);
      const result = await handler(
        apiGatewayEvent(JSON.stringify({ query: '{ me { scopes } }' }), { authorization: `Bearer ${token}` }),
        {} as never,
      );
      return { status: result.statusCode ?? 200, headers: result.headers ?? {}, body: JSON.parse(result.body ?? '{}') };
    };
  });
  afterAll(() => table.drop());

  it('answers 429 RATE_LIMITED with Retry-After past the limit, per caller, and admits again in the next minute', async () => {
    // act
    const firstThree = await Promise.all([call('busy'), call('busy'), call('busy')]);
    const fourth = await call('busy');
    const someoneElse = await call('calm');
    clock.set('2026-11-26T12:01:00.000Z');
    const nextMinute = await call('busy');

    // assert
    expect(firstThree.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(fourth.status).toBe(429);
    expect(errorCodes({ status: 429, headers: {}, errors: fourth.body.errors })).toEqual(['RATE_LIMITED']);
    expect(fourth.body.errors[0].extensions.retryAfterSeconds).toBe(50);
    expect(fourth.headers['retry-after']).toBe('50');
    expect(fourth.body.data).toBeUndefined();
    expect(someoneElse.status).toBe(200);
    expect(nextMinute.status).toBe(200);
  });

  it("keeps the caller's sub out of its counters (a request with an erased person's token must not write it back)", async () => {
    // act
    await call('erased-person-sub');

    // assert
    const items = await scanTable(table);
    expect(items.some((item) => String(item.pk).startsWith('RATE#'))).toBe(true);
    expect(itemsHolding(items, ['erased-person-sub'])).toEqual([]);
  });
});
