import type { Key } from '../shared/data/table';

/**
 * Key of a couple item. The couple's partition is where other domains hang
 * their per-couple items (reminders, roll-ups, session locks, list entries),
 * so this key is public; the couple item itself is written only by
 * CoupleRepository.
 */
export function coupleKey(coupleId: string): Key {
  return { pk: `COUPLE#${coupleId}`, sk: 'COUPLE' };
}
