import type { Reflection } from './reflection.model';

/**
 * Who may read a reflection. This is the only place the rule lives: every
 * path that returns reflection content (reflection(id), node(id),
 * couple.reflections, session.reflections, mutation payloads) goes through
 * ReflectionService, which applies it, and the per-reader list entries the
 * history is read from are derived from readersOf() below.
 */

/** Who is looking. Care-team members (practices issue) will be a second kind here. */
export interface ReflectionViewer {
  kind: 'partner';
  personId: string;
}

/**
 * The author always; a partner of the same couple when `sharing.partner` is
 * on. Former partners of an ENDED couple keep reading its history.
 *
 * Extension point: care-team members will read it when `sharing.careTeam` is
 * on and their practice holds an active grant with REFLECTIONS scope.
 */
export function mayRead(
  viewer: ReflectionViewer,
  reflection: Pick<Reflection, 'authorId' | 'sharing'>,
  partnerIds: readonly string[],
): boolean {
  if (!partnerIds.includes(viewer.personId)) return false;
  return reflection.authorId === viewer.personId || reflection.sharing.partner;
}

/** Earlier versions are the author's alone, whatever the sharing (what was shared then may not be now). */
export function mayReadRevisions(viewer: ReflectionViewer, reflection: Pick<Reflection, 'authorId'>): boolean {
  return reflection.authorId === viewer.personId;
}

/** The partners who may read `reflection`: the author first, then the partner when shared. */
export function readersOf(reflection: Pick<Reflection, 'authorId' | 'sharing'>, partnerIds: readonly string[]): string[] {
  const others = reflection.sharing.partner ? partnerIds.filter((id) => id !== reflection.authorId) : [];
  return [reflection.authorId, ...others];
}
