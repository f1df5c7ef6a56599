/**
 * The erasure sweep (README "Export and erasure"): finishes erasures left
 * PENDING, the crashed ones and, in the cloud, those whose last step (the
 * Cognito user) the GraphQL Lambda leaves to it. Run by the scheduled
 * erasure sweep Lambda and `POST /local/erasures/sweep`.
 */
import type { Logger } from '../shared/logging/logger';
import type { ErasureRepository } from './erasure.repository';
import type { ErasureRecord } from './privacy.model';

/** The schedule of the sweep Lambda (infra/constructs/erasure-sweep.ts). */
export const ERASURE_SWEEP_INTERVAL_MINUTES = 15;

/**
 * A PENDING erasure older than this is abandoned. The GraphQL Lambda that
 * runs `deleteMyAccount` times out after 10 s and a sweep run after
 * ERASURE_SWEEP_TIMEOUT_SECONDS, so nothing is still working on it: the
 * sweep never races a live erasure (and if a retry of the person's did race
 * it, every step is idempotent and DONE is a conditional write).
 */
export const ERASURE_ABANDONED_AFTER_MINUTES = 15;

/** The sweep Lambda's timeout: a run ends long before the next one starts. */
export const ERASURE_SWEEP_TIMEOUT_SECONDS = 300;

/** Pending entries read per Query. */
export const ERASURE_SWEEP_PAGE_SIZE = 25;

/**
 * No erasure is started with less time left than this: a large account
 * takes tens of seconds. One cut off by the timeout anyway is resumed by the
 * next run where it stopped (every step is idempotent).
 */
export const ERASURE_SWEEP_TIME_MARGIN_MS = 60_000;

/** What one run did. */
export interface ErasureSweepResult {
  /** The instant swept at; erasures started before it minus ERASURE_ABANDONED_AFTER_MINUTES were taken. */
  now: string;
  /** Abandoned erasures found. */
  found: number;
  /** Of those, finished (DONE) by this run. */
  finished: number;
  /** Failed (logged by marker hash): they stay PENDING for the next run. */
  failed: number;
  /** Left for the next run because the time ran out. */
  deferred: number;
  /** Pending entries without a PENDING marker behind them, deleted. */
  stale: number;
}

export interface ErasureSweepDependencies {
  erasures: Pick<ErasureRepository, 'pendingPage' | 'markerOf'>;
  /** Finishes one person's erasure: PrivacyService.resumeErasure, acting for that person. */
  resume: (personId: string) => Promise<ErasureRecord['status'] | null>;
  logger: Logger;
}

export interface ErasureSweepOptions {
  now: Date;
  /** The invocation's remaining time (Lambda context); unbounded when absent. */
  remainingMs?: () => number;
  marginMs?: number;
  pageSize?: number;
}

/** Finishes every abandoned erasure, oldest first, within the time given. Never throws for one erasure: counts it. */
export async function sweepErasures(deps: ErasureSweepDependencies, options: ErasureSweepOptions): Promise<ErasureSweepResult> {
  const result: ErasureSweepResult = { now: options.now.toISOString(), found: 0, finished: 0, failed: 0, deferred: 0, stale: 0 };
  const startedBefore = new Date(options.now.getTime() - ERASURE_ABANDONED_AFTER_MINUTES * 60_000).toISOString();
  const margin = options.marginMs ?? ERASURE_SWEEP_TIME_MARGIN_MS;
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.erasures.pendingPage(startedBefore, options.pageSize ?? ERASURE_SWEEP_PAGE_SIZE, after);
    for (const entry of page.erasures) {
      result.found += 1;
      if (options.remainingMs && options.remainingMs() < margin) {
        result.deferred += 1;
        continue;
      }
      // Logged by hash only: the sub of a person being erased must not outlive the erasure in the logs.
      try {
        const marker = await deps.erasures.markerOf(entry);
        if (!marker?.personId) {
          result.stale += 1;
          continue;
        }
        const status = await deps.resume(marker.personId);
        if (status === 'DONE') result.finished += 1;
        else throw new Error(`The erasure is ${status ?? 'gone'} after the sweep resumed it`);
      } catch (error) {
        result.failed += 1;
        deps.logger.error('erasure sweep: an erasure failed; it stays PENDING for the next run', {
          erasureHash: entry.hash,
          startedAt: entry.startedAt,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
    after = page.next;
  } while (after);
  return result;
}
