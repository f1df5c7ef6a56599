import { dataOf, freshCouples } from '../support/operations';
import { CASELOAD, addMember, createPractice, grantBoth } from '../support/practice-operations';
import { writeReflection } from '../support/reflection-operations';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

describe('the caseload', () => {
  let api: TestApi;
  const couples = freshCouples(() => api);
  let practiceId: string;
  const ids: Record<'high' | 'medium' | 'low', string> = { high: '', medium: '', low: '' };

  beforeAll(async () => {
    api = await createTestApi('caseload');
    practiceId = await createPractice(api, 'cora');
    await addMember(api, 'cora', practiceId, 'cody', 'COUNSELOR');
    // Two couples from day 0; sixteen days on both are overdue (MEDIUM), and one also feels distant (HIGH).
    const high = await couples();
    const medium = await couples();
    api.clock.advanceDays(16);
    const low = await couples();
    await writeReflection(api, high.a, high.coupleId, { body: 'Far apart', closeness: 2 });
    await grantBoth(api, [low.a, low.b], low.coupleId, practiceId);
    api.clock.advanceDays(0.01);
    await grantBoth(api, [high.a, high.b], high.coupleId, practiceId);
    api.clock.advanceDays(0.01);
    await grantBoth(api, [medium.a, medium.b], medium.coupleId, practiceId);
    Object.assign(ids, { high: high.coupleId, medium: medium.coupleId, low: low.coupleId });
  });
  afterAll(() => api.drop());

  async function page(orderBy: string, first = 20, after?: string) {
    const response = await api.as('cody', CASELOAD, { id: practiceId, orderBy, first, after });
    return dataOf(response, `caseload ${orderBy}`).practice.couples;
  }

  it('orders by drift risk: HIGH, then MEDIUM, then LOW, with totalCount', async () => {
    // act
    const result = await page('DRIFT_RISK');

    // assert
    expect(result.edges.map((e: { node: { couple: { id: string } } }) => e.node.couple.id)).toEqual([ids.high, ids.medium, ids.low]);
    expect(result.totalCount).toBe(3);
    expect(result.edges[0].node.scope).toBe('REFLECTIONS');
  });

  it('orders by newest grant first', async () => {
    // act
    const result = await page('NEWEST');

    // assert
    expect(result.edges.map((e: { node: { couple: { id: string } } }) => e.node.couple.id)).toEqual([ids.medium, ids.high, ids.low]);
  });

  it('orders by longest since last reconnect first', async () => {
    // act
    const result = await page('LAST_RECONNECTED');

    // assert
    const order = result.edges.map((e: { node: { couple: { id: string } } }) => e.node.couple.id);
    expect(order.at(-1)).toBe(ids.low);
    expect(new Set(order.slice(0, 2))).toEqual(new Set([ids.high, ids.medium]));
  });

  it('pages with cursors, each couple once', async () => {
    // act
    const first = await page('DRIFT_RISK', 2);
    const rest = await page('DRIFT_RISK', 2, first.pageInfo.endCursor);

    // assert
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect([...first.edges, ...rest.edges].map((e: { node: { couple: { id: string } } }) => e.node.couple.id)).toEqual([
      ids.high,
      ids.medium,
      ids.low,
    ]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a cursor of another order', async () => {
    // prepare
    const newest = await page('NEWEST', 1);

    // act
    const response = await api.as('cody', CASELOAD, { id: practiceId, orderBy: 'DRIFT_RISK', first: 1, after: newest.pageInfo.endCursor });

    // assert
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it("is the members' only: a stranger sees no practice at all", async () => {
    // act
    const response = await api.as('stranger', CASELOAD, { id: practiceId });

    // assert
    expect(response.data.practice).toBeNull();
  });
});
