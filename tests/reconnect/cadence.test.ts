import {
  MAX_UNANSWERED_REMINDERS,
  followUpAt,
  followUpGapMs,
  isReminderDue,
  latestOpenReconnectReminder,
  remindedCouple,
  scheduleUnder,
} from '../../functions/reconnect/cadence';
import { parseReminderId, reminderId } from '../../functions/reconnect/reminder-ref';
import { daysSinceLastReconnectAt as daysSinceLastReconnect } from '../../functions/reconnect/since-last-reconnect';
import { coupleFixture, planFixture } from '../support/couple-fixture';

const DAY = 86_400_000;
const plan = planFixture;
const couple = coupleFixture;
const due = (coupleId: string, dueAt: string) => reminderId({ coupleId, dueAt, kind: 'RECONNECT_DUE', sessionId: null });

describe('reminder cadence', () => {
  describe('follow-up after an unanswered reminder', () => {
    it('waits half the interval, at least 2 days', () => {
      expect(followUpGapMs({ sessionsPerMonth: 3 })).toBe(5 * DAY);
      expect(followUpGapMs({ sessionsPerMonth: 7 })).toBeCloseTo((30 / 7 / 2) * DAY, 0);
      expect(followUpGapMs({ sessionsPerMonth: 10 })).toBe(2 * DAY);
      expect(followUpGapMs({ sessionsPerMonth: 30 })).toBe(2 * DAY);
    });

    it('falls on the reminder time of the local date half an interval later', () => {
      // act: 3 per month in Berlin; the first reminder was at 19:00 on 1 December (18:00Z)
      const next = followUpAt('2026-12-01T18:00:00.000Z', 1, plan(), new Date('2026-12-01T18:05:00Z'));

      // assert: 5 days later, 19:00 Berlin
      expect(next).toBe('2026-12-06T18:00:00.000Z');
    });

    it('keeps 19:00 local across the spring-forward change (Berlin, 2026-03-29)', () => {
      // act: reminded Friday 27 March 19:00 CET (18:00Z); 8 per month → 2 days later is Sunday, in CEST
      const next = followUpAt('2026-03-27T18:00:00.000Z', 1, plan({ sessionsPerMonth: 8 }), new Date('2026-03-27T18:00:00Z'));

      // assert: 19:00 CEST = 17:00Z, only 47 hours later
      expect(next).toBe('2026-03-29T17:00:00.000Z');
    });

    it('moves a reminder time inside the spring-forward gap forward by the gap (Berlin 02:30 → 03:30)', () => {
      // act
      const next = followUpAt(
        '2026-03-27T01:30:00.000Z',
        2,
        plan({ sessionsPerMonth: 8, reminderTime: '02:30' }),
        new Date('2026-03-27T01:30:00Z'),
      );

      // assert: 03:30 CEST
      expect(next).toBe('2026-03-29T01:30:00.000Z');
    });

    it('keeps 19:00 local across the fall-back change (New York, 2026-11-01)', () => {
      // act: reminded Friday 30 October 19:00 EDT (23:00Z)
      const next = followUpAt(
        '2026-10-30T23:00:00.000Z',
        1,
        plan({ sessionsPerMonth: 8, timezone: 'America/New_York' }),
        new Date('2026-10-30T23:00:00Z'),
      );

      // assert: 19:00 EST on Sunday = 00:00Z Monday, 49 hours later
      expect(next).toBe('2026-11-02T00:00:00.000Z');
    });

    it('takes the first of the two 01:30s on the fall-back night (New York)', () => {
      // act
      const next = followUpAt(
        '2026-10-30T05:30:00.000Z',
        1,
        plan({ sessionsPerMonth: 8, reminderTime: '01:30', timezone: 'America/New_York' }),
        new Date('2026-10-30T05:30:00Z'),
      );

      // assert: 01:30 EDT (05:30Z), not 01:30 EST (06:30Z)
      expect(next).toBe('2026-11-01T05:30:00.000Z');
    });

    it('stops after the third unanswered reminder', () => {
      // act
      const afterSecond = followUpAt('2026-12-01T18:00:00.000Z', 2, plan(), new Date('2026-12-01T18:00:00Z'));
      const afterThird = followUpAt('2026-12-06T18:00:00.000Z', MAX_UNANSWERED_REMINDERS, plan(), new Date('2026-12-06T18:00:00Z'));

      // assert
      expect(afterSecond).toBe('2026-12-06T18:00:00.000Z');
      expect(afterThird).toBeNull();
    });

    it('counts from now when the sweep ran days late, so reminders do not come in a burst', () => {
      // act: due 1 December, swept only on 20 December
      const next = followUpAt('2026-12-01T18:00:00.000Z', 1, plan(), new Date('2026-12-20T09:00:00Z'));

      // assert: 5 days after the late reminder, at 19:00 Berlin
      expect(next).toBe('2026-12-25T18:00:00.000Z');
    });

    it('waits past a pause that runs over the follow-up instant', () => {
      // act: paused until 10 December 12:00 Berlin
      const next = followUpAt(
        '2026-12-01T18:00:00.000Z',
        1,
        plan({ pausedUntil: '2026-12-10T11:00:00.000Z' }),
        new Date('2026-12-01T18:00:00Z'),
      );

      // assert: the first 19:00 after the pause
      expect(next).toBe('2026-12-10T18:00:00.000Z');
    });
  });

  describe('the couple after a reminder', () => {
    it('counts the reminder, moves the schedule, opens it and replaces the open RECONNECT_DUE one', () => {
      // prepare
      const previous = due('c1', '2026-11-11T19:00:00.000Z');
      const upcoming = reminderId({ coupleId: 'c1', dueAt: '2026-11-13T18:00:00.000Z', kind: 'SESSION_UPCOMING', sessionId: 's1' });
      const before = couple({
        consecutiveUnansweredReminders: 1,
        openReminderIds: [previous, upcoming],
        scheduledReminderAt: '2026-11-16T19:00:00.000Z',
      });
      const reminder = { id: due('c1', '2026-11-16T19:00:00.000Z'), dueAt: '2026-11-16T19:00:00.000Z' };

      // act
      const { couple: after, replaced } = remindedCouple(before, reminder, new Date('2026-11-16T19:05:00Z'));

      // assert
      expect(replaced).toEqual([previous]);
      expect(after).toMatchObject({
        consecutiveUnansweredReminders: 2,
        scheduledReminderAt: '2026-11-21T19:00:00.000Z',
        openReminderIds: [upcoming, reminder.id],
        version: 4,
      });
    });

    it('clears the schedule with the third reminder', () => {
      // act
      const { couple: after } = remindedCouple(
        couple({ consecutiveUnansweredReminders: 2, scheduledReminderAt: '2026-11-21T19:00:00.000Z' }),
        { id: due('c1', '2026-11-21T19:00:00.000Z'), dueAt: '2026-11-21T19:00:00.000Z' },
        new Date('2026-11-21T19:00:00Z'),
      );

      // assert
      expect(after.consecutiveUnansweredReminders).toBe(3);
      expect(after.scheduledReminderAt).toBeNull();
    });
  });

  describe('the schedule under a changed plan', () => {
    const now = new Date('2026-11-17T10:00:00Z');

    it('uses the first-reminder rule when no reminder went unanswered', () => {
      expect(scheduleUnder(couple(), plan({ timezone: 'UTC', sessionsPerMonth: 6 }), now)).toBe('2026-11-06T19:00:00.000Z');
    });

    it('uses the follow-up rule from the latest open reminder while reminders go unanswered', () => {
      // prepare: reminded 16 November; 6 per month → 2.5 days
      const reminded = couple({ consecutiveUnansweredReminders: 1, openReminderIds: [due('c1', '2026-11-16T19:00:00.000Z')] });

      // act
      const next = scheduleUnder(reminded, plan({ timezone: 'UTC', sessionsPerMonth: 6, reminderTime: '08:00' }), now);

      // assert: 19 November 07:00Z → 08:00 that day
      expect(next).toBe('2026-11-19T08:00:00.000Z');
    });

    it('stays stopped after three unanswered reminders, and is null unless ACTIVE', () => {
      expect(scheduleUnder(couple({ consecutiveUnansweredReminders: 3 }), plan(), now)).toBeNull();
      expect(scheduleUnder(couple({ status: 'ENDED' }), plan(), now)).toBeNull();
      expect(scheduleUnder(couple({ status: 'AWAITING_PARTNER', activatedAt: null }), plan(), now)).toBeNull();
    });

    it('finds the latest open RECONNECT_DUE reminder among the open ones', () => {
      const open = [
        due('c1', '2026-11-16T19:00:00.000Z'),
        reminderId({ coupleId: 'c1', dueAt: '2026-11-20T18:00:00.000Z', kind: 'SESSION_UPCOMING', sessionId: 's1' }),
        due('c1', '2026-11-11T19:00:00.000Z'),
      ];
      expect(latestOpenReconnectReminder({ openReminderIds: open })).toBe('2026-11-16T19:00:00.000Z');
      expect(latestOpenReconnectReminder({ openReminderIds: [] })).toBeNull();
    });
  });

  describe('due or not', () => {
    const at = new Date('2026-11-11T19:00:00Z');
    it.each([
      ['due at its instant', couple(), true],
      ['not yet due', couple({ scheduledReminderAt: '2026-11-11T19:00:00.001Z' }), false],
      ['paused', couple({ plan: plan({ pausedUntil: '2026-11-12T00:00:00.000Z' }) }), false],
      ['after the pause ended', couple({ plan: plan({ pausedUntil: '2026-11-11T18:00:00.000Z' }) }), true],
      ['ENDED', couple({ status: 'ENDED' }), false],
      ['stopped after three', couple({ scheduledReminderAt: null }), false],
    ])('%s', (_name, subject, expected) => {
      expect(isReminderDue(subject, at)).toBe(expected);
    });
  });

  describe('days since the last reconnect', () => {
    it('counts calendar days in the plan zone, and is null if the couple never reconnected', () => {
      // Reconnected 23:30 Berlin on 1 Dec (22:30Z); due 19:00 Berlin on 11 Dec.
      const berlin = couple({ plan: plan(), lastReconnectedAt: '2026-12-01T22:30:00.000Z' });
      expect(daysSinceLastReconnect(berlin, '2026-12-11T18:00:00.000Z')).toBe(10);
      // An hour later it is 00:30 on 2 December in Berlin: one day fewer.
      expect(daysSinceLastReconnect({ ...berlin, lastReconnectedAt: '2026-12-01T23:30:00.000Z' }, '2026-12-11T18:00:00.000Z')).toBe(9);
      expect(daysSinceLastReconnect(couple(), '2026-12-11T18:00:00.000Z')).toBeNull();
    });

    it('counts across a daylight-saving change as whole days', () => {
      const berlin = couple({ plan: plan(), lastReconnectedAt: '2026-03-27T18:00:00.000Z' });
      expect(daysSinceLastReconnect(berlin, '2026-03-30T17:00:00.000Z')).toBe(3);
    });
  });

  describe('reminder ids', () => {
    it('round-trips every kind and refuses anything else', () => {
      const refs = [
        {
          coupleId: '0b9c3f8e-1d2a-4c5b-8e7f-0a1b2c3d4e5f',
          dueAt: '2026-12-06T18:00:00.000Z',
          kind: 'RECONNECT_DUE' as const,
          sessionId: null,
        },
        {
          coupleId: '0b9c3f8e-1d2a-4c5b-8e7f-0a1b2c3d4e5f',
          dueAt: '2026-12-06T18:00:00.000Z',
          kind: 'SESSION_UPCOMING' as const,
          sessionId: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
        },
      ];
      for (const ref of refs) {
        const id = reminderId(ref);
        expect(id.length).toBeLessThanOrEqual(128);
        expect(id).toMatch(/^[A-Za-z0-9._:-]+$/);
        expect(parseReminderId(id)).toEqual(ref);
      }
      for (const bad of [
        '',
        'c1',
        'c1_2026-12-06_RECONNECT_DUE',
        'c1_2026-12-06T18:00:00Z_RECONNECT_DUE',
        'c1_2026-12-06T18:00:00.000Z_OTHER',
        'c1_2026-12-06T18:00:00.000Z_SESSION_UPCOMING',
        'c1_2026-12-06T18:00:00.000Z_RECONNECT_DUE_s1',
      ]) {
        expect(parseReminderId(bad)).toBeNull();
      }
    });
  });
});
