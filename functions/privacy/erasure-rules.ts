import { randomUUID } from 'node:crypto';
import type { Practice, PracticeMember } from '../practices/practice.model';

/**
 * The opaque id that replaces an erased person's id in records that stay.
 * `erased:` cannot be a token subject of our issuers (Cognito subs are
 * UUIDs), so it never names a live person, and it names nobody in particular.
 */
export function newOpaqueId(): string {
  return `erased:${randomUUID()}`;
}

/**
 * The last-ADMIN rule of erasure: a person who is the only ADMIN of a
 * practice may not erase their account until another member is ADMIN (or
 * they removed themselves): a practice without an ADMIN could no longer
 * manage its members, webhooks or prompts, and its couples' grants would be
 * stranded. Returns the practices that block the erasure (empty: none).
 */
export function practicesBlockingErasure(
  memberships: readonly PracticeMember[],
  practices: ReadonlyMap<string, Practice | null>,
): Practice[] {
  return memberships
    .filter((m) => m.role === 'ADMIN')
    .map((m) => practices.get(m.practiceId) ?? null)
    .filter((p): p is Practice => p !== null && p.adminCount <= 1);
}
