import type { Couple } from '../couples/couple.model';
import type { RandomSource } from '../prompts/prompt-draw';
import { matchesFilter, type Prompt } from '../prompts/prompt.model';
import type { PromptRepository } from '../prompts/prompt.repository';
import { followUpAt, isReminderDue, remindedCouple } from '../reconnect/cadence';
import { DUE_PARTITION, RESUME_PARTITION, UPCOMING_PARTITION, upcomingDueAt, type DuePartition } from '../reconnect/due-index';
import { allShards } from '../shared/data/due-shards';
import { daysSinceLastReconnectAt } from '../reconnect/since-last-reconnect';
import type { ReconnectSession } from '../sessions/session.model';
import { drawForCouple } from '../sessions/session-draw';
import type { TableContext } from '../shared/data/table';
import { jitteredPause, retryLostRaces } from '../shared/data/retry';
import { Transaction, type LabelledAction } from '../shared/data/transaction';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../shared/events/domain-event';
import { relayOutbox } from '../shared/events/outbox';
import type { EventPublisher } from '../shared/events/publisher';
import type { Logger } from '../shared/logging/logger';
import type { DuePage } from './due-index.repository';
import { reminderId, type Reminder, type ReminderRef } from './reminder.model';
import { createSweepScope, type SweepScope } from './sweep-scope';

/*
 * The reminder sweep: what the scheduled rule runs every 15 minutes (and the
 * local run on the same schedule or on demand).
 *
 * 1. Relay the outbox: republish events whose producer died before publishing.
 * 2. RESUME: couples whose pause ended by `now` go back to DUE.
 * 3. UPCOMING: each SCHEDULED session starting within the hour gets one
 *    SESSION_UPCOMING reminder.
 * 4. DUE: each couple due at or before `now` gets one RECONNECT_DUE reminder
 *    for that instant, and its schedule moves on (functions/reconnect/cadence.ts).
 *
 * Each step reads the sparse `byDue` index page by page (due-index.repository.ts)
 * and handles one entry in ONE transaction that both creates the reminder
 * (keyed by couple, instant and kind, put only if absent) and moves or
 * removes the entry. So:
 * - concurrent or repeated sweeps (EventBridge delivers at least once) cannot
 *   duplicate a reminder: the second transaction's conditions fail;
 * - a sweep stopped anywhere (time budget, timeout, crash) leaves every entry
 *   it did not handle where it was, and the next run handles it: nothing is
 *   skipped, nothing done twice.
 */

/** How often the scheduled rule (and the local run's timer) starts a sweep. */
export const SWEEP_INTERVAL_MINUTES = 15;

/** The sweep Lambda's timeout: ample for thousands of due couples; what is left waits for the next run. */
export const SWEEP_TIMEOUT_SECONDS = 300;

/** Index entries read per Query. Small pages keep a stop close to where the work ended. */
export const SWEEP_PAGE_SIZE = 25;

/** Stop starting new entries when less time than this is left (one entry takes a few DynamoDB round trips). */
export const SWEEP_TIME_MARGIN_MS = 20_000;

/** Attempts per entry after losing a race, re-reading in between; then it waits for the next run. */
const MAX_ATTEMPTS = 4;

export interface SweepDependencies {
  table: TableContext;
  /** Where the new reminders' events go (EventBridge; the in-process bus locally). */
  publisher: EventPublisher;
  logger: Logger;
  /** Draws suggested prompts; a seeded generator in tests. */
  random: RandomSource;
  /** The prompt library (tests may pass their own). */
  prompts?: PromptRepository;
}

export interface SweepOptions {
  /** The instant to sweep at: entries due at or before it are handled. */
  now: Date;
  /** Milliseconds the run may still take (Lambda: context.getRemainingTimeInMillis). Unlimited by default. */
  remainingMs?: () => number;
  /** Below this remaining time no new entry is started. */
  marginMs?: number;
  pageSize?: number;
}

export interface SweepResult {
  /** The instant swept at. */
  now: string;
  /** Couples read from DUE (due at or before `now`). */
  dueCouples: number;
  /** Reminders this run created, of every kind. */
  remindersCreated: number;
  reconnectDueCreated: number;
  sessionUpcomingCreated: number;
  /** Couples whose pause had ended, moved back to DUE. */
  resumedCouples: number;
  /** SCHEDULED sessions read from UPCOMING. */
  upcomingSessions: number;
  /** Entries another sweep had already handled, or that were no longer due when re-read. */
  skipped: number;
  /** Entries that failed; they stay in the index for the next run. */
  failed: number;
  /** False when the time budget stopped the run: the rest is still due and the next run picks it up. */
  complete: boolean;
  /** Outbox events republished. */
  relayedEvents: number;
}

/** Runs one sweep at `options.now`. Safe to run concurrently with others and to stop at any point. */
export async function sweepReminders(deps: SweepDependencies, options: SweepOptions): Promise<SweepResult> {
  return new SweepRun(deps, options).run();
}

type Attempt = 'created' | 'exists' | 'retry';

class SweepRun {
  private readonly now: Date;
  private readonly scope: SweepScope;
  private readonly pool: Prompt[];
  private readonly remainingMs: () => number;
  private readonly marginMs: number;
  private readonly pageSize: number;
  /** Events committed but not published yet: published once per page. */
  private unpublished: DomainEvent[] = [];
  private readonly result: SweepResult;

  constructor(
    private readonly deps: SweepDependencies,
    options: SweepOptions,
  ) {
    this.now = options.now;
    this.scope = createSweepScope(deps, options.now);
    this.pool = this.scope.prompts.library().filter((prompt) => matchesFilter(prompt, {}));
    this.remainingMs = options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
    this.marginMs = options.marginMs ?? SWEEP_TIME_MARGIN_MS;
    this.pageSize = options.pageSize ?? SWEEP_PAGE_SIZE;
    this.result = {
      now: options.now.toISOString(),
      dueCouples: 0,
      remindersCreated: 0,
      reconnectDueCreated: 0,
      sessionUpcomingCreated: 0,
      resumedCouples: 0,
      upcomingSessions: 0,
      skipped: 0,
      failed: 0,
      complete: true,
      relayedEvents: 0,
    };
  }

  async run(): Promise<SweepResult> {
    await this.relay();
    // RESUME first, so a pause that ended at a reminder's due instant is reminded in this same run;
    // UPCOMING before DUE, because "within the hour" cannot wait for the next run.
    const { due } = this.scope;
    // Every shard of a partition (shared/data/due-shards.ts) at once, each its own page loop under
    // the same time budget: an entry lives in exactly one shard, so no two loops handle the same item.
    const shards = (partition: DuePartition, step: (shard: string) => Promise<void>) => Promise.all(allShards(partition).map(step));
    await shards(RESUME_PARTITION, (shard) =>
      this.each(
        shard,
        (start) => due.couples(shard, this.now, this.pageSize, start),
        (couple) => this.resume(couple),
      ),
    );
    await shards(UPCOMING_PARTITION, (shard) =>
      this.each(
        shard,
        (start) => due.upcomingSessions(shard, this.now, this.pageSize, start),
        (session) => this.remindUpcoming(session),
      ),
    );
    await shards(DUE_PARTITION, (shard) =>
      this.each(
        shard,
        (start) => due.couples(shard, this.now, this.pageSize, start),
        (couple) => this.remindDue(couple),
      ),
    );
    this.result.remindersCreated = this.result.reconnectDueCreated + this.result.sessionUpcomingCreated;
    this.deps.logger.info('Reminder sweep finished', { ...this.result });
    return this.result;
  }

  /** Republishes stranded outbox events; a failure here must not cost the couples their reminders. */
  private async relay(): Promise<void> {
    try {
      const relayed = await relayOutbox({ table: this.deps.table, publisher: this.deps.publisher, logger: this.deps.logger }, this.now);
      this.result.relayedEvents = relayed.republished;
    } catch (error) {
      this.deps.logger.error('Outbox relay failed during the sweep', { error: (error as Error).message });
    }
  }

  /**
   * Handles every entry of `partition` due by now, page by page, earliest
   * first. Before each entry it checks the time budget; when time runs short
   * it stops and leaves the rest (still in the index) to the next run.
   */
  private async each<T>(
    partition: string,
    read: (startKey: Record<string, unknown> | undefined) => Promise<DuePage<T>>,
    step: (entry: T) => Promise<void>,
  ): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        if (this.outOfTime()) return;
        const page = await read(startKey);
        for (const entry of page.entries) {
          if (this.outOfTime()) return;
          try {
            await step(entry.value);
          } catch (error) {
            this.result.failed += 1;
            this.deps.logger.error('Reminder sweep entry failed; it stays due for the next run', {
              partition,
              pk: entry.pk,
              error: (error as Error).message,
            });
          }
        }
        await this.publish();
        startKey = page.next;
      } while (startKey);
    } finally {
      await this.publish();
    }
  }

  private outOfTime(): boolean {
    if (this.remainingMs() >= this.marginMs) return false;
    this.result.complete = false;
    return true;
  }

  private async publish(): Promise<void> {
    const events = this.unpublished;
    this.unpublished = [];
    await this.scope.outbox.publishCommitted(events);
  }

  // ---- RESUME ------------------------------------------------------------

  private async resume(couple: Couple): Promise<void> {
    if (await this.scope.couples.moveResumedToDue(couple.id, this.now)) this.result.resumedCouples += 1;
    else this.result.skipped += 1;
  }

  // ---- DUE: RECONNECT_DUE ------------------------------------------------

  /**
   * One RECONNECT_DUE reminder for the couple's due instant. The first
   * attempt trusts the index entry (it projects the whole couple: no extra
   * read); a lost race re-reads the couple consistently and decides again.
   */
  private async remindDue(indexed: Couple): Promise<void> {
    this.result.dueCouples += 1;
    let promptId: string | null | undefined;
    const outcome = await retryLostRaces(
      {
        lost: ['retry'],
        attempts: MAX_ATTEMPTS,
        conflictMessage: `Couple ${indexed.id} kept changing during the sweep`,
        pauseMs: jitteredPause,
      },
      async (attempt): Promise<Attempt | 'not-due'> => {
        const couple = attempt === 1 ? indexed : await this.scope.couples.getConsistent(indexed.id);
        if (!couple || !isReminderDue(couple, this.now)) return 'not-due';
        // Drawn once per couple: a retry keeps the same suggestion.
        promptId ??= await this.suggestPrompt(couple.id);
        return this.createReconnectDue(couple, promptId);
      },
    );
    if (outcome === 'created') this.result.reconnectDueCreated += 1;
    else this.result.skipped += 1;
  }

  private async createReconnectDue(couple: Couple, promptId: string | null): Promise<Attempt> {
    const dueAt = couple.scheduledReminderAt as string;
    const reminder = this.newReminder(
      { coupleId: couple.id, dueAt, kind: 'RECONNECT_DUE', sessionId: null },
      { daysSinceLastReconnect: daysSinceLastReconnectAt(couple, dueAt), suggestedPromptId: promptId },
    );
    const { couple: reminded, replaced } = remindedCouple(couple, reminder, this.now);
    const event = newDomainEvent({
      type: DETAIL_TYPES.reminderDue,
      coupleId: couple.id,
      occurredAt: this.now,
      data: { reminderId: reminder.id, dueAt },
    });
    const { reminders, couples, outbox } = this.scope;
    const failed = await this.transact(
      reminders.createAction(reminder),
      couples.saveAction(reminded, couple.version),
      ...reminders.resolveActions(replaced, this.now),
      outbox.putAction(event),
    );
    if (failed === null) {
      this.unpublished.push(event);
      return 'created';
    }
    if (!failed.includes('reminder-exists')) return 'retry';
    // The reminder exists. Normally a concurrent sweep created it and moved the
    // couple in the same transaction (so the version check failed as well).
    if (!failed.includes('couple-changed')) await this.moveStaleSchedule(couple, dueAt);
    return 'exists';
  }

  /**
   * The couple is due at an instant it was already reminded for, yet its
   * schedule did not move: only possible when a schedule was recomputed onto
   * that instant (e.g. the local run swept ahead of the real clock, then the
   * couple reconnected). Moving it on keeps the entry from coming back every run.
   */
  private async moveStaleSchedule(couple: Couple, dueAt: string): Promise<void> {
    this.deps.logger.warn('Couple was due at an instant already reminded; moving its schedule on', { coupleId: couple.id, dueAt });
    const unanswered = couple.consecutiveUnansweredReminders ?? 0;
    const moved: Couple = {
      ...couple,
      scheduledReminderAt: followUpAt(dueAt, unanswered, couple.plan, this.now),
      version: couple.version + 1,
    };
    await this.transact(this.scope.couples.saveAction(moved, couple.version));
  }

  /** One prompt for the couple, drawn exactly as startSession would (open homework first, recent history aware). */
  private async suggestPrompt(coupleId: string): Promise<string | null> {
    const [prompt] = await drawForCouple(
      { sessions: this.scope.sessions, prompts: this.scope.prompts, random: this.deps.random, assigned: this.scope.assigned },
      coupleId,
      this.pool,
      1,
    );
    return prompt?.id ?? null;
  }

  // ---- UPCOMING: SESSION_UPCOMING ----------------------------------------

  /**
   * One SESSION_UPCOMING reminder for a session starting within the hour,
   * and the session's entry removed, in one transaction. A session whose
   * start already passed (the sweep was down) gets no reminder: it is no
   * longer upcoming. No event: the contract's WebhookEvent has no such type.
   */
  private async remindUpcoming(indexed: ReconnectSession): Promise<void> {
    this.result.upcomingSessions += 1;
    if (indexed.status !== 'SCHEDULED' || !indexed.scheduledFor) {
      this.result.skipped += 1;
      return;
    }
    const dueAt = upcomingDueAt(indexed.scheduledFor);
    const { couples, sessions, reminders } = this.scope;
    const couple = await couples.get(indexed.coupleId);
    if (couple?.status !== 'ACTIVE' || Date.parse(indexed.scheduledFor) <= this.now.getTime()) {
      await sessions.clearUpcoming(indexed, dueAt);
      this.result.skipped += 1;
      return;
    }
    const reminder = this.newReminder(
      { coupleId: couple.id, dueAt, kind: 'SESSION_UPCOMING', sessionId: indexed.id },
      { daysSinceLastReconnect: daysSinceLastReconnectAt(couple, dueAt), suggestedPromptId: null },
    );
    const outcome = await retryLostRaces(
      {
        lost: ['retry'],
        attempts: MAX_ATTEMPTS,
        conflictMessage: `Session ${indexed.id} kept conflicting during the sweep`,
        pauseMs: jitteredPause,
      },
      async (): Promise<'created' | 'skipped' | 'couple-ended' | 'retry'> => {
        const failed = await this.transact(
          reminders.createAction(reminder),
          sessions.clearUpcomingAction(indexed, dueAt),
          couples.addOpenReminderAction(couple.id, reminder.id),
        );
        if (failed === null) return 'created';
        // Reminded by a concurrent sweep, or the session started or was cancelled meanwhile.
        if (failed.includes('reminder-exists') || failed.includes('session-not-upcoming')) return 'skipped';
        // The couple ended meanwhile: nothing to remind, and the entry must not come back.
        if (failed.includes('couple-not-active')) return 'couple-ended';
        return 'retry';
      },
    );
    if (outcome === 'created') {
      this.result.sessionUpcomingCreated += 1;
      return;
    }
    if (outcome === 'couple-ended') await sessions.clearUpcoming(indexed, dueAt);
    this.result.skipped += 1;
  }

  // ---- helpers -----------------------------------------------------------

  private newReminder(ref: ReminderRef, facts: Pick<Reminder, 'daysSinceLastReconnect' | 'suggestedPromptId'>): Reminder {
    return {
      ...ref,
      id: reminderId(ref),
      status: 'PENDING',
      createdAt: this.now.toISOString(),
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      ...facts,
    };
  }

  /**
   * Runs one transaction (shared/data/transaction.ts). Null when it
   * committed; otherwise the labels of the actions whose conditions failed
   * (empty when it lost a race with a concurrent transaction and nothing
   * failed: read again and retry).
   */
  private async transact<L extends string>(...actions: LabelledAction<L>[]): Promise<L[] | null> {
    const result = await new Transaction(this.deps.table).add(...actions).commitReportingAll();
    return result.committed ? null : result.failed;
  }
}
