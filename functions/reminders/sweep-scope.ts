import { CoupleRepository } from '../couples/couple.repository';
import { PromptRepository } from '../prompts/prompt.repository';
import { SessionRepository } from '../sessions/session.repository';
import type { TableContext } from '../shared/data/table';
import { EventOutbox } from '../shared/events/outbox';
import type { EventPublisher } from '../shared/events/publisher';
import type { Logger } from '../shared/logging/logger';
import { fixedClock } from '../shared/time/clock';
import { DueIndexRepository } from './due-index.repository';
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
  return {
    couples,
    sessions,
    reminders: new ReminderRepository(deps.table),
    due: new DueIndexRepository(deps.table, couples, sessions),
    prompts: deps.prompts ?? new PromptRepository(),
    outbox: new EventOutbox(deps.table, deps.publisher, deps.logger),
  };
}

export type SweepScope = ReturnType<typeof createSweepScope>;
