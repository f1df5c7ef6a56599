import {
  closenessMean,
  closenessSeries,
  closenessTrend,
  computeHealth,
  contributions,
  driftRisk,
  isOneSided,
  lastDays,
  participationBalance,
  sessionsCompleted,
  type HealthInput,
} from '../../functions/health/health-formulas';
import { daysSinceLastReconnect, isOverdue } from '../../functions/reconnect/since-last-reconnect';
import type { PersonDay } from '../../functions/health/health.model';

/** A person-day with only the fields a test cares about. */
const day = (date: string, personId: string, fields: Partial<PersonDay> = {}): PersonDay => ({
  date,
  personId,
  closenessSum: 0,
  closenessCount: 0,
  reflections: 0,
  answers: 0,
  ...fields,
});

const rated = (date: string, personId: string, ...ratings: number[]): PersonDay =>
  day(date, personId, { closenessSum: ratings.reduce((a, b) => a + b, 0), closenessCount: ratings.length, reflections: ratings.length });

/**
 * The worked example of docs/reflections-and-health.md: Ana and Ben in
 * Europe/Berlin, today 2026-11-26, plan 3 sessions a month.
 */
const worked: HealthInput = {
  couple: {
    status: 'ACTIVE',
    partnerIds: ['ana', 'ben'],
    plan: { sessionsPerMonth: 3, reminderTime: '19:00', timezone: 'Europe/Berlin', pausedUntil: null },
    activatedAt: '2026-08-01T10:00:00.000Z',
    lastReconnectedAt: '2026-11-20T19:00:00.000Z',
    consecutiveUnansweredReminders: 0,
  },
  now: new Date('2026-11-26T12:00:00.000Z'),
  today: '2026-11-26',
  rollups: {
    personDays: [
      rated('2026-09-01', 'ana', 8),
      rated('2026-10-01', 'ben', 6, 8),
      { ...rated('2026-11-01', 'ana', 5), answers: 2 },
      { ...rated('2026-11-20', 'ben', 4), answers: 3 },
      day('2026-11-20', 'ana', { answers: 3 }),
      rated('2026-11-26', 'ana', 3),
    ],
    coupleDays: [
      { date: '2026-10-01', sessionsBothCompleted: 1 },
      { date: '2026-11-20', sessionsBothCompleted: 1 },
    ],
  },
};

describe('health formulas', () => {
  describe('the worked example (numbers by hand in the doc)', () => {
    it('computes every field', () => {
      // act
      const health = computeHealth(worked);

      // assert
      expect(health.targetSessionsPerMonth).toBe(3);
      expect(health.sessionsLast30Days).toBe(1); // 2026-10-01 is before the window (2026-10-28..2026-11-26)
      expect(health.daysSinceLastReconnect).toBe(6); // 2026-11-20 20:00 CET -> 2026-11-26
      expect(health.closenessAverage30d).toBe(4); // (5 + 4 + 3) / 3
      expect(health.closenessTrend).toBeCloseTo(-13580 / 33533, 10); // -0.40497 points a week
      expect(health.participationBalance).toBeCloseTo(8 / 11, 10); // ana 7, ben 4: 1 - 3/11
      expect(health.driftSignals).toEqual(['LOW_CLOSENESS']);
      expect(health.driftRisk).toBe('MEDIUM');
    });

    it('gives the daily series oldest first, a mean per partner and date', () => {
      // act
      const series = closenessSeries(worked.rollups.personDays, ['ana', 'ben'], lastDays('2026-11-26', 90));

      // assert
      expect(series).toEqual([
        { date: '2026-09-01', personId: 'ana', closeness: 8 },
        { date: '2026-10-01', personId: 'ben', closeness: 7 },
        { date: '2026-11-01', personId: 'ana', closeness: 5 },
        { date: '2026-11-20', personId: 'ben', closeness: 4 },
        { date: '2026-11-26', personId: 'ana', closeness: 3 },
      ]);
    });
  });

  describe('closenessMean', () => {
    it('averages ratings, not daily means, and only inside the window', () => {
      // prepare: a day with two ratings weighs twice
      const days = [rated('2026-11-25', 'ana', 10, 10), rated('2026-11-26', 'ben', 4), rated('2026-10-27', 'ana', 1)];

      // act / assert
      expect(closenessMean(days, lastDays('2026-11-26', 30))).toBe(8); // (10 + 10 + 4) / 3; 10-27 is day 31
      expect(closenessMean(days, lastDays('2026-11-26', 31))).toBe(25 / 4);
    });

    it('is null without any rating (reflections without closeness do not count)', () => {
      // act / assert
      expect(closenessMean([day('2026-11-26', 'ana', { reflections: 3 })], lastDays('2026-11-26', 30))).toBeNull();
    });
  });

  describe('closenessTrend', () => {
    const window = lastDays('2026-11-26', 90); // from 2026-08-29

    it('is the least-squares slope in points per week', () => {
      // prepare: 8, 7, 6 a week apart: -1 a week
      const days = [rated('2026-11-12', 'ana', 8), rated('2026-11-19', 'ben', 7), rated('2026-11-26', 'ana', 6)];

      // act / assert
      expect(closenessTrend(days, window)).toBeCloseTo(-1, 10);
    });

    it('fits individual ratings: a day with two ratings weighs twice (not a fit of daily means)', () => {
      // prepare: (0,8) (0,8) (7,6) (14,6): slope -84/539 a day = -12/11 a week; daily means would give -1
      const days = [rated('2026-11-12', 'ana', 8, 8), rated('2026-11-19', 'ben', 6), rated('2026-11-26', 'ana', 6)];

      // act / assert
      expect(closenessTrend(days, window)).toBeCloseTo(-12 / 11, 10);
    });

    it('is positive when closeness grows', () => {
      // act / assert
      expect(closenessTrend([rated('2026-11-19', 'ana', 2), rated('2026-11-26', 'ben', 5, 5)], window)).toBeCloseTo(3, 10);
    });

    it('is null with fewer than 3 ratings, or with all ratings on one date', () => {
      // act / assert
      expect(closenessTrend([rated('2026-11-01', 'ana', 9), rated('2026-11-26', 'ana', 1)], window)).toBeNull();
      expect(closenessTrend([rated('2026-11-26', 'ana', 9, 5, 1)], window)).toBeNull();
      expect(closenessTrend([], window)).toBeNull();
    });

    it('ignores ratings older than 90 days', () => {
      // prepare: 2026-08-28 is the 91st day back
      const days = [
        rated('2026-08-28', 'ana', 10),
        rated('2026-11-12', 'ana', 5),
        rated('2026-11-19', 'ben', 5),
        rated('2026-11-26', 'ana', 5),
      ];

      // act / assert
      expect(closenessTrend(days, window)).toBe(0);
    });
  });

  describe('participation', () => {
    it('sums answers and reflections of each partner in the window, in partner order', () => {
      // prepare
      const days = [
        day('2026-11-26', 'ben', { answers: 2, reflections: 1 }),
        day('2026-10-28', 'ana', { answers: 1 }),
        day('2026-10-27', 'ana', { answers: 50 }),
      ];

      // act / assert
      expect(contributions(days, ['ana', 'ben'], lastDays('2026-11-26', 30))).toEqual([1, 3]);
    });

    it.each([
      [[5, 5], 1, false],
      [[3, 1], 0.5, false], // exactly a quarter is not under a quarter
      [[4, 1], 0.4, true],
      [[2, 0], 0, true],
      [[0, 1], 0, true],
      [[0, 0], null, false], // nothing to balance; silence is OVERDUE's business
    ])('counts %j: balance %s, one-sided %s', (counts, balance, oneSided) => {
      // act / assert
      expect(participationBalance(counts)).toBe(balance);
      expect(isOneSided(counts)).toBe(oneSided);
    });

    it('has no balance for a couple of one', () => {
      // act / assert
      expect(participationBalance([3])).toBeNull();
      expect(isOneSided([3])).toBe(false);
    });
  });

  describe('reconnects', () => {
    const plan = { sessionsPerMonth: 3, reminderTime: '19:00', timezone: 'UTC', pausedUntil: null };

    it('counts sessions completed with both partners in the window', () => {
      // act / assert
      expect(
        sessionsCompleted(
          [
            { date: '2026-10-27', sessionsBothCompleted: 4 },
            { date: '2026-10-28', sessionsBothCompleted: 1 },
            { date: '2026-11-26', sessionsBothCompleted: 2 },
          ],
          lastDays('2026-11-26', 30),
        ),
      ).toBe(3);
    });

    it('is overdue only after the interval plus half of it (3 a month: 15 days)', () => {
      // prepare
      const couple = { status: 'ACTIVE' as const, plan, activatedAt: '2026-11-01T00:00:00.000Z', lastReconnectedAt: null };

      // act / assert
      expect(isOverdue(couple, new Date('2026-11-16T00:00:00.000Z'))).toBe(false);
      expect(isOverdue(couple, new Date('2026-11-16T00:00:00.001Z'))).toBe(true);
      expect(isOverdue({ ...couple, plan: { ...plan, sessionsPerMonth: 30 } }, new Date('2026-11-02T12:00:00.000Z'))).toBe(false);
      expect(isOverdue({ ...couple, plan: { ...plan, sessionsPerMonth: 30 } }, new Date('2026-11-02T12:00:00.001Z'))).toBe(true);
    });

    it('counts from the last reconnect when there is one', () => {
      // prepare
      const couple = {
        status: 'ACTIVE' as const,
        plan,
        activatedAt: '2026-01-01T00:00:00.000Z',
        lastReconnectedAt: '2026-11-20T00:00:00.000Z',
      };

      // act / assert
      expect(isOverdue(couple, new Date('2026-11-26T00:00:00.000Z'))).toBe(false);
      expect(isOverdue(couple, new Date('2026-12-06T00:00:00.000Z'))).toBe(true);
    });

    it('is never overdue unless ACTIVE', () => {
      // prepare
      const old = { plan, activatedAt: '2020-01-01T00:00:00.000Z', lastReconnectedAt: null };

      // act / assert
      expect(isOverdue({ ...old, status: 'ENDED' }, new Date('2026-11-26T00:00:00.000Z'))).toBe(false);
      expect(isOverdue({ ...old, status: 'AWAITING_PARTNER', activatedAt: null }, new Date('2026-11-26T00:00:00.000Z'))).toBe(false);
    });

    it('counts days since the last reconnect as local calendar days', () => {
      // prepare: 23:30 UTC on 03-28 is 00:30 on 03-29 in Berlin
      const couple = { lastReconnectedAt: '2026-03-28T23:30:00.000Z', plan: { ...plan, timezone: 'Europe/Berlin' } };

      // act / assert
      expect(daysSinceLastReconnect(couple, '2026-03-29')).toBe(0);
      expect(daysSinceLastReconnect(couple, '2026-03-30')).toBe(1);
      expect(daysSinceLastReconnect({ ...couple, plan }, '2026-03-30')).toBe(2);
      expect(daysSinceLastReconnect({ ...couple, lastReconnectedAt: null }, '2026-03-30')).toBeNull();
    });
  });

  describe('drift risk', () => {
    it.each([
      [[], 'LOW'],
      [['LOW_CLOSENESS'], 'MEDIUM'],
      [['OVERDUE_RECONNECT'], 'MEDIUM'],
      [['IGNORED_REMINDERS'], 'MEDIUM'],
      [['CLOSENESS_DECLINING', 'LOW_CLOSENESS'], 'HIGH'],
      [['OVERDUE_RECONNECT', 'IGNORED_REMINDERS'], 'HIGH'],
      [['OVERDUE_RECONNECT', 'CLOSENESS_DECLINING', 'LOW_CLOSENESS', 'ONE_SIDED_PARTICIPATION', 'IGNORED_REMINDERS'], 'HIGH'],
    ] as const)('%j is %s', (signals, risk) => {
      // act / assert
      expect(driftRisk(signals)).toBe(risk);
    });
  });

  describe('signals through computeHealth', () => {
    const quiet: HealthInput = {
      ...worked,
      couple: { ...worked.couple, lastReconnectedAt: '2026-11-25T19:00:00.000Z' },
      rollups: { personDays: [rated('2026-11-26', 'ana', 7), rated('2026-11-26', 'ben', 7)], coupleDays: [] },
    };

    it('is LOW with no signal', () => {
      // act
      const health = computeHealth(quiet);

      // assert
      expect(health).toMatchObject({
        driftSignals: [],
        driftRisk: 'LOW',
        participationBalance: 1,
        closenessAverage30d: 7,
        closenessTrend: null,
      });
    });

    it.each([
      ['OVERDUE_RECONNECT', { couple: { ...quiet.couple, lastReconnectedAt: '2026-11-10T11:59:59.000Z' } }],
      ['IGNORED_REMINDERS', { couple: { ...quiet.couple, consecutiveUnansweredReminders: 2 } }],
      ['LOW_CLOSENESS', { rollups: { personDays: [rated('2026-11-26', 'ana', 4), rated('2026-11-26', 'ben', 5)], coupleDays: [] } }],
      [
        'CLOSENESS_DECLINING',
        {
          rollups: {
            personDays: [rated('2026-11-12', 'ana', 9), rated('2026-11-19', 'ben', 9), rated('2026-11-26', 'ana', 7, 7)],
            coupleDays: [],
          },
        },
      ],
      [
        'ONE_SIDED_PARTICIPATION',
        { rollups: { personDays: [rated('2026-11-26', 'ana', 7, 7, 7, 7), rated('2026-11-26', 'ben', 7)], coupleDays: [] } },
      ],
    ] as const)('raises %s alone (MEDIUM)', (signal, change) => {
      // act
      const health = computeHealth({ ...quiet, ...change } as HealthInput);

      // assert
      expect(health.driftSignals).toEqual([signal]);
      expect(health.driftRisk).toBe('MEDIUM');
    });

    it('keeps a slowly declining trend (-0.5 a week exactly) off', () => {
      // prepare: 8 then 7.5 then 7, a week apart: exactly -0.5 a week
      const personDays = [rated('2026-11-12', 'ana', 8), rated('2026-11-19', 'ben', 8, 7), rated('2026-11-26', 'ana', 7)];

      // act
      const health = computeHealth({ ...quiet, rollups: { personDays, coupleDays: [] } });

      // assert
      expect(health.closenessTrend).toBeCloseTo(-0.5, 10);
      expect(health.driftSignals).toEqual([]);
    });

    it('is HIGH when overdue and ignoring reminders', () => {
      // act
      const health = computeHealth({
        ...quiet,
        couple: { ...quiet.couple, lastReconnectedAt: '2026-10-01T00:00:00.000Z', consecutiveUnansweredReminders: 3 },
      });

      // assert
      expect(health.driftSignals).toEqual(['OVERDUE_RECONNECT', 'IGNORED_REMINDERS']);
      expect(health.driftRisk).toBe('HIGH');
    });

    it('raises no reminder or overdue signal for an ENDED couple', () => {
      // act
      const health = computeHealth({
        ...quiet,
        couple: { ...quiet.couple, status: 'ENDED', lastReconnectedAt: '2026-01-01T00:00:00.000Z', consecutiveUnansweredReminders: 5 },
      });

      // assert
      expect(health.driftSignals).toEqual([]);
    });
  });
});
