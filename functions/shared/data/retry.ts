import { ConflictError } from '../errors';

/**
 * What an attempt returns when it lost a race to a concurrent writer (a
 * failed condition or transaction conflict): the caller reads again and
 * recomputes. Each service names its own outcomes (e.g. 'couple-changed').
 */
export interface LostRaceOptions<Lost extends string> {
  /** The outcomes that mean "read again and try again". */
  lost: readonly Lost[];
  /** Attempts in all before giving up with CONFLICT. */
  attempts: number;
  /** The CONFLICT message once every attempt lost. */
  conflictMessage: string;
  /**
   * Pause before the next attempt (short and jittered, so racing writers do
   * not retry in lockstep); none by default.
   */
  pauseMs?: (attempt: number) => number;
}

/**
 * The one retry loop for lost races: runs `attempt` (which re-reads what it
 * decides on) until it returns something that is not a lost-race outcome,
 * at most `attempts` times, then throws ConflictError. Nobody's update is
 * lost: each attempt is computed from what is stored.
 */
export async function retryLostRaces<T, Lost extends string>(
  options: LostRaceOptions<Lost>,
  attempt: (n: number) => Promise<T | Lost>,
): Promise<T> {
  for (let n = 1; n <= options.attempts; n += 1) {
    const result = await attempt(n);
    if (!(options.lost as readonly unknown[]).includes(result)) return result as T;
    const pause = options.pauseMs?.(n) ?? 0;
    if (pause > 0 && n < options.attempts) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  throw new ConflictError(options.conflictMessage);
}

/** A short jittered pause growing with the attempt: 5 ms per attempt plus up to 20 ms. */
export function jitteredPause(attempt: number): number {
  return 5 * attempt + Math.random() * 20;
}
