import { AssignmentRepository } from '../assignments/assignment.repository';
import { openAssignedPrompts } from '../assignments/open-prompts';
import { CoupleRepository } from '../couples/couple.repository';
import { PromptRepository } from '../prompts/prompt.repository';
import { SessionRepository } from '../sessions/session.repository';
import type { TableContext } from '../shared/data/table';
import { EventOutbox } from '../shared/events/outbox';
import type { EventPublisher } from '../shared/events/publisher';
import type { Logger } from '../shared/logging/logger';
import { fixedClock } from '../shared/time/clock';
import { DueIndexRepository } from './due-index.repository';
import { DriftTracker } from '../care/drift-tracker';
import { healthAfter } from '../health/health-now';
import { HealthRepository } from '../health/health.repository';
import { CareWatchRepository } from '../practices/care-watch.repository';
import { GrantRepository } from '../practices/grant.repository';
import { PracticeRepository } from '../practices/practice.repository';
import { ReminderRepository } from './reminder.repository';

/**
 * The repositories of one sweep run (its composition root, as
 * graphql/request-scope.ts is a request's). Fresh per run: their loaders
 * cache reads, and every couple write of the run is decided at the swept
 * instant (e.g. whether a pause still holds).
 */
export function createSweepScope(
  deps: { table: TableContext; publisher: EventPublisher; logger: Logger; prompts?: PromptRepository },
  now: Date,
) {
  const couples = new CoupleRepository(deps.table, fixedClock(now));
  const sessions = new SessionRepository(deps.table, couples);
  const prompts = deps.prompts ?? new PromptRepository();
  // Open homework is drawn first for the suggested prompt, as startSession draws it (practice prompts are table items).
  const assignedFrom = {
    assignments: new AssignmentRepository(deps.table),
    grants: new GrantRepository(deps.table, new PracticeRepository(deps.table)),
    prompts: new PromptRepository(prompts.library(), deps.table),
  };
  return {
    couples,
    sessions,
    reminders: new ReminderRepository(deps.table),
    due: new DueIndexRepository(deps.table, couples, sessions),
    prompts,
    assigned: (coupleId: string) => openAssignedPrompts(assignedFrom, coupleId),
    outbox: new EventOutbox(deps.table, deps.publisher, deps.logger),
  };
}

export type SweepScope = ReturnType<typeof createSweepScope>;

/** The drift tracker of one sweep run's care step, every write decided at the swept instant. */
export function createCareSweepScope(deps: { table: TableContext; publisher: EventPublisher; logger: Logger }, now: Date) {
  const clock = fixedClock(now);
  const practices = new PracticeRepository(deps.table);
  const grants = new GrantRepository(deps.table, practices);
  const watches = new CareWatchRepository(deps.table);
  const health = new HealthRepository(deps.table);
  const tracker = new DriftTracker({
    table: deps.table,
    couples: new CoupleRepository(deps.table, clock),
    grants,
    watches,
    health: { metricsAfter: (couple, changes) => healthAfter(health, couple, now, changes) },
    alerts: new ReminderRepository(deps.table),
    outbox: new EventOutbox(deps.table, deps.publisher, deps.logger),
    clock,
    logger: deps.logger,
  });
  return { watches, tracker, logger: deps.logger };
}
