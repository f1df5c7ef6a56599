import { afterPause, atReminderTime, computeScheduledReminderAt, isPaused, reconnectIntervalMs } from '../../functions/reconnect/schedule';
import type { ReconnectPlan } from '../../functions/reconnect/reconnect.model';

const plan = (overrides: Partial<ReconnectPlan> = {}): ReconnectPlan => ({
  sessionsPerMonth: 3,
  reminderTime: '19:00',
  timezone: 'Europe/Berlin',
  pausedUntil: null,
  ...overrides,
});
const NOW = new Date('2026-01-01T00:00:00Z');

describe('reminder schedule', () => {
  it('uses 30 / sessionsPerMonth days as the interval', () => {
    expect(reconnectIntervalMs({ sessionsPerMonth: 3 })).toBe(10 * 86_400_000);
    expect(reconnectIntervalMs({ sessionsPerMonth: 30 })).toBe(86_400_000);
    expect(reconnectIntervalMs({ sessionsPerMonth: 7 })).toBeCloseTo((30 / 7) * 86_400_000, 0);
  });

  it('lands on the reminder time of the local date the interval ends on', () => {
    // act: reconnected 2026-01-10 21:30 Berlin (20:30Z); +10 days = 2026-01-20 21:30 local
    const due = computeScheduledReminderAt('2026-01-10T20:30:00.000Z', plan(), NOW);

    // assert: 19:00 Berlin in winter = 18:00Z
    expect(due).toBe('2026-01-20T18:00:00.000Z');
  });

  it('keeps 19:00 local across the spring-forward change (Berlin, 2026-03-29)', () => {
    // act: anchor in winter (UTC+1), due date in summer (UTC+2)
    const due = computeScheduledReminderAt('2026-03-20T12:00:00.000Z', plan(), NOW);

    // assert
    expect(due).toBe('2026-03-30T17:00:00.000Z');
  });

  it('keeps 19:00 local across the fall-back change (New York, 2026-11-01)', () => {
    // act: anchor in EDT (UTC-4), due date in EST (UTC-5)
    const due = computeScheduledReminderAt('2026-10-25T16:00:00.000Z', plan({ timezone: 'America/New_York' }), NOW);

    // assert
    expect(due).toBe('2026-11-05T00:00:00.000Z');
  });

  it('moves a reminder time that does not exist that day forward by the gap', () => {
    // act: 02:30 does not exist in Berlin on 2026-03-29
    const due = atReminderTime(new Date('2026-03-29T10:00:00Z'), plan({ reminderTime: '02:30' }));

    // assert: 03:30 CEST = 01:30Z
    expect(due.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('uses the local date, not the UTC date, near midnight', () => {
    // act: 2026-06-01T23:30Z is already 2026-06-02 in Tokyo
    const due = atReminderTime(new Date('2026-06-01T23:30:00Z'), plan({ timezone: 'Asia/Tokyo' }));

    // assert: 19:00 JST on 2026-06-02 = 10:00Z
    expect(due.toISOString()).toBe('2026-06-02T10:00:00.000Z');
  });

  describe('pauses', () => {
    it('holds a reminder that falls inside the pause until the first reminder time after it', () => {
      // act
      const due = afterPause(new Date('2026-01-05T18:00:00Z'), plan({ pausedUntil: '2026-01-10T20:00:00.000Z' }), NOW);

      // assert: pause ends 21:00 Berlin, after 19:00 that day: next day 19:00
      expect(due.toISOString()).toBe('2026-01-11T18:00:00.000Z');
    });

    it('keeps a reminder that falls after the pause', () => {
      // act
      const due = afterPause(new Date('2026-01-20T18:00:00Z'), plan({ pausedUntil: '2026-01-10T00:00:00.000Z' }), NOW);

      // assert
      expect(due.toISOString()).toBe('2026-01-20T18:00:00.000Z');
    });

    it('ignores a pause that already ended', () => {
      // act
      const due = afterPause(new Date('2026-01-05T18:00:00Z'), plan({ pausedUntil: '2025-12-31T00:00:00.000Z' }), NOW);
      const paused = isPaused(plan({ pausedUntil: '2025-12-31T00:00:00.000Z' }), NOW);

      // assert
      expect(due.toISOString()).toBe('2026-01-05T18:00:00.000Z');
      expect(paused).toBe(false);
    });
  });
});
