/**
 * Source of "now". Services take a Clock instead of calling `new Date()` so
 * that tests and the local sweep (`/local/reminders/sweep` with `now`) can
 * run the same rules at any instant.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at `instant`, for tests and one-off runs. */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}
