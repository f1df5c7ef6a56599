import type { Reflection } from './reflection.model';

/**
 * Who may read a reflection. This is the only place the rule lives: every
 * path that returns reflection content (reflection(id), node(id),
 * couple.reflections, session.reflections, mutation payloads) goes through
 * ReflectionService, which applies it, and the per-reader list entries the
 * history is read from are derived from readersOf() below.
 */

/** Who is looking: a partner, or a member of a practice with an active grant (with its scope). */
export type ReflectionViewer =
  | { kind: 'partner'; personId: string }
  | { kind: 'careTeam'; personId: string; scope: 'SUMMARY' | 'REFLECTIONS' };

/**
 * The reader id of the care team's list entries: one stream of the
 * reflections shared with the care team, whichever practice reads it (the
 * grant decides who may). Never a person id: those are token subjects, and
 * this one cannot be a valid `sub` of our issuers.
 */
export const CARE_TEAM_READER = '#care-team';

/**
 * - the author always; a partner of the same couple when `sharing.partner`
 *   is on (former partners of an ENDED couple keep reading its history);
 * - the care team only with a REFLECTIONS grant and only when the author
 *   shared it with the care team (`sharing.careTeam`); never a private or
 *   partner-only reflection;
 * - nobody once the author is no longer among the couple's partners (an
 *   erasure replaced them first, then deletes the reflections).
 */
export function mayRead(
  viewer: ReflectionViewer,
  reflection: Pick<Reflection, 'authorId' | 'sharing'>,
  partnerIds: readonly string[],
): boolean {
  if (!partnerIds.includes(reflection.authorId)) return false;
  if (viewer.kind === 'careTeam') return viewer.scope === 'REFLECTIONS' && reflection.sharing.careTeam;
  if (!partnerIds.includes(viewer.personId)) return false;
  return reflection.authorId === viewer.personId || reflection.sharing.partner;
}

/** Earlier versions are the author's alone, whatever the sharing (what was shared then may not be now); never the care team's. */
export function mayReadRevisions(viewer: ReflectionViewer, reflection: Pick<Reflection, 'authorId'>): boolean {
  return viewer.kind === 'partner' && reflection.authorId === viewer.personId;
}

/**
 * The readers whose list entries hold `reflection`: the author first, then
 * the partner when shared, then the care team's stream when shared with it.
 * (Delete erases every entry in one transaction: 3 readers × (1 + 14
 * feelings) + 50 revisions + 2 = 97 of DynamoDB's 100 actions.)
 */
export function readersOf(reflection: Pick<Reflection, 'authorId' | 'sharing'>, partnerIds: readonly string[]): string[] {
  const others = reflection.sharing.partner ? partnerIds.filter((id) => id !== reflection.authorId) : [];
  return [reflection.authorId, ...others, ...(reflection.sharing.careTeam ? [CARE_TEAM_READER] : [])];
}

/** The list-entry reader a viewer reads from. */
export function readerIdOf(viewer: ReflectionViewer): string {
  return viewer.kind === 'careTeam' ? CARE_TEAM_READER : viewer.personId;
}
