import type { Couple, ReconnectPlan } from '../../functions/couples/couple.model';

/** A reconnect plan for unit tests: the default plan in Berlin unless overridden. */
export function planFixture(overrides: Partial<ReconnectPlan> = {}): ReconnectPlan {
  return { sessionsPerMonth: 3, reminderTime: '19:00', timezone: 'Europe/Berlin', pausedUntil: null, ...overrides };
}

/**
 * An ACTIVE couple for unit tests: activated 2026-11-01T12:00Z with the
 * default plan in UTC, so its first reminder is due 2026-11-11T19:00Z.
 */
export function coupleFixture(overrides: Partial<Couple> = {}): Couple {
  return {
    id: 'c1',
    status: 'ACTIVE',
    partnerIds: ['a', 'b'],
    createdAt: '2026-11-01T10:00:00.000Z',
    activatedAt: '2026-11-01T12:00:00.000Z',
    endedAt: null,
    plan: planFixture({ timezone: 'UTC' }),
    lastReconnectedAt: null,
    scheduledReminderAt: '2026-11-11T19:00:00.000Z',
    invite: null,
    consecutiveUnansweredReminders: 0,
    openReminderIds: [],
    version: 3,
    ...overrides,
  };
}
