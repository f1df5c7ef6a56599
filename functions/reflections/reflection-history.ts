import type { Feeling } from './reflection.model';

/**
 * Paging through reflection history, pure. Every list a caller reads is a set
 * of "streams": per-reader index partitions (reflection.repository.ts) whose
 * sort key is the reflection's position `<createdAt>#<id>`. A page is the
 * newest `first` positions below the cursor across those streams.
 */

/** One reflection's place in one stream. */
export interface HistoryEntry {
  /** `<createdAt>#<reflectionId>`: unique, and ordered by time. */
  position: string;
  reflectionId: string;
  authorId: string;
  feelings: Feeling[];
}

/** Sort-key bounds of a page: `lo` inclusive, `hi` exclusive; either may be absent. */
export interface PositionRange {
  lo?: string;
  hi?: string;
}

/**
 * The bounds of a page: written at or after `since`, before `until` and
 * strictly before the cursor's position. ISO instants sort as strings, and a
 * bare instant sorts before every `<instant>#<id>` of that instant, so
 * `until` excludes reflections written exactly then. Null when the range is empty.
 */
export function pageRange(filter: { since?: string | null; until?: string | null }, after?: string): PositionRange | null {
  const his = [filter.until, after].filter((v): v is string => typeof v === 'string');
  const hi = his.length ? his.reduce((a, b) => (a < b ? a : b)) : undefined;
  const lo = filter.since ?? undefined;
  if (lo !== undefined && hi !== undefined && lo >= hi) return null;
  return { lo, hi };
}

/** True when `position` lies in `range`. */
export function inPositionRange(position: string, range: PositionRange): boolean {
  return (range.lo === undefined || position >= range.lo) && (range.hi === undefined || position < range.hi);
}

/**
 * Merges streams (each newest first) into the newest `limit` distinct
 * reflections. A reflection with two of the requested feelings is in two
 * streams; it appears once. Each stream must hold its newest `limit + 1`
 * entries in range (or all of them): any reflection of the merged top
 * `limit + 1` is within the top `limit + 1` of each stream it belongs to,
 * since every entry above it in that stream is also above it in the merge.
 * So the page is exact and `hasMore` is exact.
 */
export function mergeNewestFirst(
  streams: readonly (readonly HistoryEntry[])[],
  limit: number,
): { entries: HistoryEntry[]; hasMore: boolean } {
  const byId = new Map<string, HistoryEntry>();
  for (const stream of streams) for (const entry of stream) byId.set(entry.reflectionId, entry);
  const sorted = [...byId.values()].sort((a, b) => (a.position < b.position ? 1 : a.position > b.position ? -1 : 0));
  return { entries: sorted.slice(0, limit), hasMore: sorted.length > limit };
}

const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[^#]+$/;

/** True for a position as positionOf() makes them (a cursor cannot smuggle anything else in). */
export function isPosition(value: unknown): value is string {
  return typeof value === 'string' && POSITION.test(value);
}

/** The position of a reflection in every list it is in. */
export function positionOf(reflection: { createdAt: string; id: string }): string {
  return `${reflection.createdAt}#${reflection.id}`;
}
