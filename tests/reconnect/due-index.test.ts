import { coupleItem } from '../../functions/couples/couple.repository';
import { dueIndexAttributes, upcomingIndexAttributes } from '../../functions/reconnect/due-index';
import { coupleFixture as couple, planFixture } from '../support/couple-fixture';

const NOW = new Date('2026-11-05T00:00:00Z');

/** Who is in which partition of the sparse byDue index, decided when the item is written. */
describe('byDue index entries', () => {
  it('puts an ACTIVE, unpaused couple with a schedule in DUE at its next reminder', () => {
    expect(dueIndexAttributes(couple(), NOW)).toEqual({ duePk: 'DUE', dueAt: '2026-11-11T19:00:00.000Z' });
  });

  it('puts a couple paused at write time in RESUME until the pause ends, never in DUE', () => {
    const paused = couple({
      plan: planFixture({ timezone: 'UTC', pausedUntil: '2026-11-20T00:00:00.000Z' }),
      scheduledReminderAt: '2026-11-20T19:00:00.000Z',
    });
    expect(dueIndexAttributes(paused, NOW)).toEqual({ duePk: 'RESUME', dueAt: '2026-11-20T00:00:00.000Z' });
    // Written again after the pause ended (pausedUntil is kept as a past instant): back in DUE.
    expect(dueIndexAttributes(paused, new Date('2026-11-20T00:00:00Z'))).toEqual({ duePk: 'DUE', dueAt: '2026-11-20T19:00:00.000Z' });
  });

  it.each([
    ['AWAITING_PARTNER', couple({ status: 'AWAITING_PARTNER', activatedAt: null, scheduledReminderAt: null })],
    ['ENDED', couple({ status: 'ENDED', scheduledReminderAt: null })],
    ['ENDED with a stale schedule', couple({ status: 'ENDED' })],
    ['stopped after three unanswered reminders', couple({ scheduledReminderAt: null, consecutiveUnansweredReminders: 3 })],
  ])('leaves out a couple that is %s', (_name, subject) => {
    expect(dueIndexAttributes(subject, NOW)).toEqual({});
    expect(coupleItem(subject, NOW)).not.toHaveProperty('duePk');
  });

  it('puts a SCHEDULED session in UPCOMING an hour before it starts, and nothing else', () => {
    expect(upcomingIndexAttributes({ status: 'SCHEDULED', scheduledFor: '2026-12-01T20:00:00.000Z' })).toEqual({
      duePk: 'UPCOMING',
      dueAt: '2026-12-01T19:00:00.000Z',
    });
    for (const status of ['IN_PROGRESS', 'COMPLETED', 'CANCELLED'] as const) {
      expect(upcomingIndexAttributes({ status, scheduledFor: '2026-12-01T20:00:00.000Z' })).toEqual({});
    }
  });
});
