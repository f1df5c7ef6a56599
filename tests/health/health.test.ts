import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { coupleKey } from '../../functions/couples/couple-keys';
import { dayItems } from '../support/rollup-items';
import type { PersonDay } from '../../functions/health/health.model';
import { fromGlobalId } from '../../functions/shared/ids/global-id';
import { COUPLE_BY_ID, UPDATE_PLAN, freshCouples } from '../support/operations';
import { COUPLE_HEALTH, DELETE_REFLECTION, REFLECTION_BY_ID, REVISE_REFLECTION, writeReflection } from '../support/reflection-operations';
import { batchPut, seedReflections } from '../support/reflection-seed';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const START = '2026-11-26T12:00:00.000Z';

describe('connection health through the handler', () => {
  let api: TestApi;
  let items: DynamoDBDocumentClient;
  const freshCouple = freshCouples(() => api, ['hana', 'hben']);
  /** A fresh ACTIVE couple (activated at the clock's instant) and its local id. */
  const activeCouple = async (timezone = 'UTC') => {
    const couple = await freshCouple(timezone);
    return { ...couple, localId: fromGlobalId(couple.coupleId)?.localId as string };
  };
  /** Sets attributes of the stored couple item, as other issues' code (reminders) would. */
  const setCouple = (localId: string, attributes: Record<string, unknown>) =>
    items.send(
      new UpdateCommand({
        TableName: api.table.tableName,
        Key: coupleKey(localId),
        UpdateExpression: `SET ${Object.keys(attributes)
          .map((name) => `#${name} = :${name}`)
          .join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(Object.keys(attributes).map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`:${name}`, value])),
      }),
    );
  const health = async (sub: string, coupleId: string, days?: number) => {
    const response = await api.as(sub, COUPLE_HEALTH, { id: coupleId, days });
    expect(response.errors).toBeUndefined();
    return response.data.couple.health;
  };
  const seriesOf = (h: { closenessSeries: { date: string; partner: { id: string }; closeness: number }[] }) =>
    h.closenessSeries.map((p) => [p.date, fromGlobalId(p.partner.id)?.localId, p.closeness]);

  beforeAll(async () => {
    api = await createTestApi('health');
    items = DynamoDBDocumentClient.from(api.table.client);
  });
  afterEach(() => api.clock.set(START));
  afterAll(() => api.drop());

  it('computes the worked example of the doc from a hand-built history', async () => {
    // prepare: the history of docs/reflections-and-health.md, straight into the roll-ups
    const { a, b, coupleId, localId } = await activeCouple('Europe/Berlin');
    await setCouple(localId, { activatedAt: '2026-08-01T10:00:00.000Z', lastReconnectedAt: '2026-11-20T19:00:00.000Z' });
    const day = (date: string, personId: string, fields: Partial<PersonDay>): PersonDay => ({
      date,
      personId,
      closenessSum: 0,
      closenessCount: 0,
      reflections: 0,
      answers: 0,
      ...fields,
    });
    await batchPut(
      items,
      api.table.tableName,
      dayItems(localId, {
        personDays: [
          day('2026-09-01', a, { closenessSum: 8, closenessCount: 1, reflections: 1 }),
          day('2026-10-01', b, { closenessSum: 14, closenessCount: 2, reflections: 2 }),
          day('2026-11-01', a, { closenessSum: 5, closenessCount: 1, reflections: 1, answers: 2 }),
          day('2026-11-20', b, { closenessSum: 4, closenessCount: 1, reflections: 1, answers: 3 }),
          day('2026-11-20', a, { answers: 3 }),
          day('2026-11-26', a, { closenessSum: 3, closenessCount: 1, reflections: 1 }),
          // older than 90 days: only a 365-day series reads it
          day('2026-03-01', b, { closenessSum: 9, closenessCount: 1, reflections: 1 }),
          // older than 365 days: never read
          day('2025-01-01', a, { closenessSum: 1, closenessCount: 1, reflections: 1 }),
        ],
        coupleDays: [
          { date: '2026-10-01', sessionsBothCompleted: 1 },
          { date: '2026-11-20', sessionsBothCompleted: 1 },
        ],
      }),
    );

    // act
    const result = await health(a, coupleId);

    // assert
    expect(result).toMatchObject({
      targetSessionsPerMonth: 3,
      sessionsLast30Days: 1,
      daysSinceLastReconnect: 6,
      closenessAverage30d: 4,
      participationBalance: 8 / 11,
      driftRisk: 'MEDIUM',
      driftSignals: ['LOW_CLOSENESS'],
    });
    expect(result.closenessTrend).toBeCloseTo(-13580 / 33533, 10);
    expect(seriesOf(result)).toEqual([
      ['2026-09-01', a, 8],
      ['2026-10-01', b, 7],
      ['2026-11-01', a, 5],
      ['2026-11-20', b, 4],
      ['2026-11-26', a, 3],
    ]);
    expect(seriesOf(await health(a, coupleId, 30))).toEqual([
      ['2026-11-01', a, 5],
      ['2026-11-20', b, 4],
      ['2026-11-26', a, 3],
    ]);
    expect(seriesOf(await health(b, coupleId, 365))[0]).toEqual(['2026-03-01', b, 9]); // from 2025-11-27: not 2025-01-01
  });

  it('follows writes, revisions and erasure of reflections, private ones included', async () => {
    // prepare
    const { a, b, coupleId } = await activeCouple();
    const fresh = await health(a, coupleId);

    // act
    const mine = await writeReflection(api, a, coupleId, { closeness: 8 });
    const theirs = await writeReflection(api, b, coupleId, { closeness: 2, body: 'private, yet it counts' });
    const afterWrites = await health(a, coupleId);
    await api.as(a, REVISE_REFLECTION, { input: { reflectionId: mine.id, expectedVersion: 1, closeness: 4 } });
    const afterRevise = await health(a, coupleId);
    await api.as(a, REVISE_REFLECTION, { input: { reflectionId: mine.id, expectedVersion: 2, closeness: null } });
    const afterUnrating = await health(a, coupleId);
    await api.as(b, DELETE_REFLECTION, { id: theirs.id });
    const afterErasure = await health(a, coupleId);

    // assert
    expect(fresh).toMatchObject({
      closenessAverage30d: null,
      closenessTrend: null,
      participationBalance: null,
      closenessSeries: [],
      driftRisk: 'LOW',
      driftSignals: [],
    });
    expect(afterWrites).toMatchObject({ closenessAverage30d: 5, participationBalance: 1 });
    expect((await api.as(a, REFLECTION_BY_ID, { id: theirs.id })).data.reflection).toBeNull();
    expect(afterRevise).toMatchObject({ closenessAverage30d: 3, driftSignals: ['LOW_CLOSENESS'] });
    expect(afterUnrating).toMatchObject({ closenessAverage30d: 2, participationBalance: 1 });
    expect(afterErasure).toMatchObject({ closenessAverage30d: null, participationBalance: 0, driftSignals: ['ONE_SIDED_PARTICIPATION'] });
  });

  describe('local dates', () => {
    it('puts a reflection at 23:30 on the Berlin spring-forward day on that day', async () => {
      // prepare
      const { a, coupleId } = await activeCouple('Europe/Berlin');

      // act
      api.clock.set('2026-03-29T21:30:00.000Z'); // 23:30 CEST on the 23-hour day
      await writeReflection(api, a, coupleId, { closeness: 8 });
      api.clock.set('2026-03-29T22:30:00.000Z'); // 00:30 CEST, the next day
      await writeReflection(api, a, coupleId, { closeness: 4 });
      api.clock.set('2026-03-30T10:00:00.000Z');
      const result = await health(a, coupleId);

      // assert
      expect(seriesOf(result)).toEqual([
        ['2026-03-29', a, 8],
        ['2026-03-30', a, 4],
      ]);
    });

    it('keeps both ends of the New York fall-back day (25 hours) on one date', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple('America/New_York');

      // act
      api.clock.set('2026-11-01T04:30:00.000Z'); // 00:30 EDT
      await writeReflection(api, a, coupleId, { closeness: 10 });
      api.clock.set('2026-11-02T04:30:00.000Z'); // 23:30 EST, same local date
      await writeReflection(api, a, coupleId, { closeness: 6 });
      await writeReflection(api, b, coupleId, { closeness: 3 });
      api.clock.set('2026-11-02T05:00:00.000Z'); // midnight EST: the next date
      await writeReflection(api, b, coupleId, { closeness: 5 });
      const result = await health(b, coupleId);

      // assert
      expect(seriesOf(result)).toEqual([
        ['2026-11-01', a, 8],
        ['2026-11-01', b, 3],
        ['2026-11-02', b, 5],
      ]);
    });

    it('starts the 30-day window at local midnight in the couple zone', async () => {
      // prepare: Auckland is UTC+13 in November
      const { a, coupleId } = await activeCouple('Pacific/Auckland');
      api.clock.set('2026-10-27T10:30:00.000Z'); // 2026-10-27 23:30 local: day 31 back
      await writeReflection(api, a, coupleId, { closeness: 1 });
      api.clock.set('2026-10-27T11:30:00.000Z'); // 2026-10-28 00:30 local: day 30 back
      await writeReflection(api, a, coupleId, { closeness: 9 });

      // act
      api.clock.set('2026-11-26T10:59:00.000Z'); // 2026-11-26 23:59 local
      const lastMinute = await health(a, coupleId);
      api.clock.set('2026-11-26T11:00:00.000Z'); // 2026-11-27 00:00 local
      const nextDay = await health(a, coupleId);

      // assert
      expect(lastMinute.closenessAverage30d).toBe(9);
      expect(nextDay.closenessAverage30d).toBeNull();
      expect(seriesOf(nextDay)).toEqual([
        ['2026-10-27', a, 1],
        ['2026-10-28', a, 9],
      ]);
    });

    it('counts days since the last reconnect in the couple zone', async () => {
      // prepare: 2026-11-25 23:30 UTC is already 2026-11-26 in Berlin
      const { a, coupleId, localId } = await activeCouple('Europe/Berlin');
      await setCouple(localId, { lastReconnectedAt: '2026-11-25T23:30:00.000Z' });

      // act
      const berlin = await health(a, coupleId);
      await api.as(a, UPDATE_PLAN, { input: { coupleId, timezone: 'UTC' } });
      const utc = await health(a, coupleId);

      // assert
      expect(berlin.daysSinceLastReconnect).toBe(0);
      expect(utc.daysSinceLastReconnect).toBe(1);
    });
  });

  describe('risk levels', () => {
    it('is LOW for a couple that just became ACTIVE', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act / assert
      expect(await health(a, coupleId)).toMatchObject({
        driftRisk: 'LOW',
        driftSignals: [],
        daysSinceLastReconnect: null,
        sessionsLast30Days: 0,
      });
    });

    it('turns OVERDUE_RECONNECT on after 1.5 intervals without a reconnect (MEDIUM)', async () => {
      // prepare: 3 a month: 10 days plus 5 of grace
      const { a, coupleId } = await activeCouple();

      // act
      api.clock.set('2026-12-11T12:00:00.000Z');
      const onTime = await health(a, coupleId);
      api.clock.set('2026-12-11T12:00:00.001Z');
      const overdue = await health(a, coupleId);

      // assert
      expect(onTime.driftSignals).toEqual([]);
      expect(overdue).toMatchObject({ driftSignals: ['OVERDUE_RECONNECT'], driftRisk: 'MEDIUM' });
    });

    it('reads IGNORED_REMINDERS from the reminders counter, kept through couple writes', async () => {
      // prepare
      const { a, coupleId, localId } = await activeCouple();
      await setCouple(localId, { consecutiveUnansweredReminders: 1 });
      const one = await health(a, coupleId);
      await setCouple(localId, { consecutiveUnansweredReminders: 2 });

      // act
      await api.as(a, UPDATE_PLAN, { input: { coupleId, sessionsPerMonth: 4 } });
      const two = await health(a, coupleId);

      // assert
      expect(one.driftSignals).toEqual([]);
      expect(two).toMatchObject({ targetSessionsPerMonth: 4, driftSignals: ['IGNORED_REMINDERS'], driftRisk: 'MEDIUM' });
    });

    it('is HIGH when overdue and ignoring reminders', async () => {
      // prepare
      const { a, coupleId, localId } = await activeCouple();
      await setCouple(localId, { consecutiveUnansweredReminders: 2 });

      // act
      api.clock.advanceDays(20);
      const result = await health(a, coupleId);

      // assert
      expect(result).toMatchObject({ driftSignals: ['OVERDUE_RECONNECT', 'IGNORED_REMINDERS'], driftRisk: 'HIGH' });
    });

    it('is HIGH with low, declining closeness and one-sided participation', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      for (const [day, closeness] of [
        [0, 6],
        [7, 5],
        [14, 3],
      ] as const) {
        api.clock.set(new Date(Date.parse(START) + day * 86_400_000));
        await writeReflection(api, a, coupleId, { closeness });
      }

      // act
      const result = await health(a, coupleId);

      // assert: (0,6) (7,5) (14,3): slope -63/294 a day = -1.5 a week; mean 14/3
      expect(result.closenessTrend).toBeCloseTo(-1.5, 10);
      expect(result.closenessAverage30d).toBeCloseTo(14 / 3, 10);
      expect(result).toMatchObject({
        participationBalance: 0,
        driftSignals: ['CLOSENESS_DECLINING', 'LOW_CLOSENESS', 'ONE_SIDED_PARTICIPATION'],
        driftRisk: 'HIGH',
      });
    });
  });

  describe('cost and access', () => {
    const HEALTH_ONLY = `query($id: ID!) {
      couple(id: $id) {
        health {
          sessionsLast30Days closenessAverage30d closenessTrend participationBalance driftRisk driftSignals
          closenessSeries { date closeness partner { id } }
        }
      }
    }`;

    it('costs the same few requests for 3 and for 2,000 reflections', async () => {
      // prepare
      const small = await activeCouple();
      for (const closeness of [3, 6, 9]) await writeReflection(api, small.a, small.coupleId, { closeness });
      const large = await activeCouple();
      await seedReflections(items, api.table.tableName, {
        coupleId: large.localId,
        partnerIds: [large.a, large.b],
        timezone: 'UTC',
        count: 2000,
        newestAt: '2026-11-26T11:00:00.000Z',
        stepMinutes: 263, // about a year of history
        shape: (i) => ({ author: (i % 2) as 0 | 1, closeness: (i % 10) + 1, feelings: [], shared: false, sessionId: null }),
      });

      // act
      api.requests.reset();
      const smallHealth = await api.as(small.a, HEALTH_ONLY, { id: small.coupleId });
      const smallRequests = api.requests.total;
      api.requests.reset();
      const largeHealth = await api.as(large.a, HEALTH_ONLY, { id: large.coupleId });
      const largeRequests = api.requests.total;

      // assert: couple + one Query of roll-ups + one BatchGetItem of partners
      expect(smallHealth.errors).toBeUndefined();
      expect(largeHealth.errors).toBeUndefined();
      expect(largeHealth.data.couple.health.closenessSeries.length).toBeGreaterThan(100);
      expect(smallRequests).toBe(3);
      expect(largeRequests).toBe(smallRequests);
    });

    it.each([[0], [366], [-5]])('refuses closenessSeries(days: %s) naming the argument', async (days) => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const response = await api.as(a, COUPLE_HEALTH, { id: coupleId, days });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe('days: must be an integer from 1 to 365');
    });

    it('is nobody else’s business: a stranger gets no couple, so no health', async () => {
      // prepare
      const { coupleId } = await activeCouple();

      // act
      const response = await api.as('nosy', COUPLE_HEALTH, { id: coupleId });

      // assert
      expect(response.errors).toBeUndefined();
      expect(response.data.couple).toBeNull();
    });

    it('stays readable for an ENDED couple, without reminder signals', async () => {
      // prepare
      const { a, b, coupleId, localId } = await activeCouple();
      await writeReflection(api, a, coupleId, { closeness: 7 });
      await setCouple(localId, { consecutiveUnansweredReminders: 4 });
      await api.as(b, 'mutation($id: ID!) { leaveCouple(input: { coupleId: $id }) { id } }', { id: coupleId });

      // act
      api.clock.advanceDays(40);
      const result = await health(b, coupleId);

      // assert
      expect((await api.as(b, COUPLE_BY_ID, { id: coupleId })).data.couple.status).toBe('ENDED');
      expect(result).toMatchObject({ driftSignals: [], driftRisk: 'LOW', closenessAverage30d: null });
      expect(seriesOf(result)).toEqual([['2026-11-26', a, 7]]);
    });
  });
});
