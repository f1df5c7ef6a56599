import type { Reflection } from './reflection.model';

/** How a reflection changes its author's day in the health roll-up: each field is ADDed (negative to subtract). */
export interface ReflectionDayDelta {
  reflections: number;
  closenessSum: number;
  closenessCount: number;
}

/**
 * How a reflection's day changes from `before` to `after` (null: absent), so
 * that writing, revising and erasing keep the day's sums exact. The day is
 * the reflection's `rollupDate`, fixed when it was written.
 */
export function rollupDelta(before: Pick<Reflection, 'closeness'> | null, after: Pick<Reflection, 'closeness'> | null): ReflectionDayDelta {
  const rated = (r: Pick<Reflection, 'closeness'> | null) => (r?.closeness !== null && r?.closeness !== undefined ? 1 : 0);
  return {
    reflections: (after ? 1 : 0) - (before ? 1 : 0),
    closenessSum: (after?.closeness ?? 0) - (before?.closeness ?? 0),
    closenessCount: rated(after) - rated(before),
  };
}
