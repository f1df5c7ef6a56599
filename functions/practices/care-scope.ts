import type { CareGrant, CareScope, PartnerGrant } from './practice.model';

/** Scopes from narrowest to widest. */
const ORDER: readonly CareScope[] = ['SUMMARY', 'REFLECTIONS'];

/** The narrowest of the given scopes (SUMMARY when none): what the couple as a whole consented to. */
export function narrowestScope(scopes: readonly CareScope[]): CareScope {
  if (scopes.length === 0) return 'SUMMARY';
  return scopes.reduce((narrowest, scope) => (ORDER.indexOf(scope) < ORDER.indexOf(narrowest) ? scope : narrowest));
}

/** True when `scope` includes everything `needed` does. */
export function scopeCovers(scope: CareScope, needed: CareScope): boolean {
  return ORDER.indexOf(scope) >= ORDER.indexOf(needed);
}

/** The wider of two scopes (a member of two granted practices sees what the wider grant allows). */
export function widerScope(a: CareScope, b: CareScope): CareScope {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/**
 * The consent rule: a grant is active only while the couple is ACTIVE and
 * every one of its partners has granted (a revoke clears every consent, so
 * "none revoked since" is the same as "all present").
 */
export function isActive(partnerGrants: readonly PartnerGrant[], partnerIds: readonly string[], coupleActive: boolean): boolean {
  if (!coupleActive || partnerIds.length < 2) return false;
  return partnerIds.every((id) => partnerGrants.some((g) => g.personId === id));
}

/** A grant that is active or holds a consent: it counts against MAX_OPEN_GRANTS_PER_COUPLE, and ending the couple ends it. */
export function isOpen(grant: Pick<CareGrant, 'active' | 'partnerGrants'>): boolean {
  return grant.active || grant.partnerGrants.length > 0;
}

/**
 * The grant after `personId` granted `scope` at `at`: their own consent is
 * added or replaced (the other partner's stays as it was), and the grant's
 * scope and activity follow from the consents.
 */
export function withConsent(grant: CareGrant, consent: PartnerGrant, partnerIds: readonly string[], coupleActive: boolean): CareGrant {
  const others = grant.partnerGrants.filter((g) => g.personId !== consent.personId && partnerIds.includes(g.personId));
  const partnerGrants = [...others, consent];
  const active = isActive(partnerGrants, partnerIds, coupleActive);
  return {
    ...grant,
    partnerGrants,
    active,
    scope: narrowestScope(partnerGrants.map((g) => g.scope)),
    activeSince: active ? (grant.active ? grant.activeSince : consent.grantedAt) : null,
    revokedAt: grant.revokedAt,
    revokedBy: grant.revokedBy,
    version: grant.version + 1,
  };
}

/** The grant after a partner revoked it at `at`: every consent is gone; both must grant again. */
export function revoked(grant: CareGrant, personId: string, at: string): CareGrant {
  return {
    ...grant,
    partnerGrants: [],
    active: false,
    scope: 'SUMMARY',
    activeSince: null,
    revokedAt: at,
    revokedBy: personId,
    caseload: null,
    version: grant.version + 1,
  };
}

/** A grant nobody gave yet, for the first consent. */
export function emptyGrant(coupleId: string, practiceId: string): CareGrant {
  return {
    coupleId,
    practiceId,
    partnerGrants: [],
    active: false,
    scope: 'SUMMARY',
    activeSince: null,
    revokedAt: null,
    revokedBy: null,
    caseload: null,
    version: 0,
  };
}
