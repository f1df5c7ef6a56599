import type { Logger } from '../shared/logging/logger';
import type { CareWatchRepository } from '../practices/care-watch.repository';
import type { DriftTracker } from './drift-tracker';

/** Watches re-evaluated per sweep page. */
const PAGE = 50;

export interface CareSweepResult {
  /** Watches that were due. */
  due: number;
  /** Of those, evaluations that wrote. */
  evaluated: number;
  failed: number;
}

/**
 * The care step of the reminder sweep: re-evaluates every care watch due at
 * or before `now` (the instant a couple becomes overdue, its reminder falls
 * due, or local midnight moves the health windows). Each evaluation moves the
 * watch's due instant forward, so a repeated or concurrent sweep finds it no
 * longer due (and the watch's rev makes a racing evaluation re-read). Runs
 * after the reminder step, so an IGNORED_REMINDERS count that step just raised
 * is seen in the same run.
 */
export async function sweepCareWatches(
  deps: { watches: CareWatchRepository; tracker: DriftTracker; logger: Logger },
  now: Date,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<CareSweepResult> {
  const result: CareSweepResult = { due: 0, evaluated: 0, failed: 0 };
  const seen = new Set<string>();
  for (;;) {
    if (remainingMs() < 5_000) break;
    const due = (await deps.watches.due(now.toISOString(), PAGE)).filter((id) => !seen.has(id));
    if (due.length === 0) break;
    for (const coupleId of due) {
      seen.add(coupleId);
      result.due += 1;
      try {
        if (await deps.tracker.reevaluate(coupleId)) result.evaluated += 1;
      } catch (error) {
        result.failed += 1;
        deps.logger.error('care watch evaluation failed', { coupleId, error });
      }
    }
  }
  return result;
}
