/** A member's role: ADMINs manage members and webhooks; COUNSELORs follow the caseload. */
export type PracticeRole = 'ADMIN' | 'COUNSELOR';

/** How much a practice sees of a couple (care-scope.ts orders them). */
export type CareScope = 'SUMMARY' | 'REFLECTIONS';

/** A counseling practice. */
export interface Practice {
  id: string;
  name: string;
  createdAt: string;
  /** ADMIN members now; kept in the same transactions as the members, so "the last ADMIN stays" is a condition. */
  adminCount: number;
  /** Couples with an active grant now (Practice.couples.totalCount); kept with the grants. */
  caseloadCount: number;
}

/** One person's membership of one practice. */
export interface PracticeMember {
  practiceId: string;
  personId: string;
  role: PracticeRole;
  addedAt: string;
}

/** What `PracticeMembership` resolves from. */
export interface PracticeMembershipModel {
  practice: Practice;
  role: PracticeRole;
}

/** One partner's consent to one practice. */
export interface PartnerGrant {
  personId: string;
  scope: CareScope;
  grantedAt: string;
}

/**
 * A couple's care-team grant to one practice: one item per couple and
 * practice, holding each partner's own consent. Active only while every
 * partner of the ACTIVE couple has granted and nobody revoked since.
 */
export interface CareGrant {
  coupleId: string;
  practiceId: string;
  /** The consents given since the last revoke, in the order they were given. */
  partnerGrants: PartnerGrant[];
  active: boolean;
  /** The narrowest scope among the partners' grants (SUMMARY while none). */
  scope: CareScope;
  /** When it last became active; null while it never was since the last revoke. */
  activeSince: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  /** The caseload order attributes kept on the active grant (caseload.ts). */
  caseload: CaseloadPosition | null;
  /** Optimistic-locking counter. */
  version: number;
}

/** What orders a couple in a practice's caseload: kept on the grant item, in its index keys. */
export interface CaseloadPosition {
  driftRisk: 'LOW' | 'MEDIUM' | 'HIGH';
  /** lastReconnectedAt, else the instant the couple became ACTIVE: "longest since" counts from there. */
  reconnectAnchor: string;
}

/** What `CaseloadEntry` resolves from. */
export interface CaseloadEntryModel {
  grant: CareGrant;
}

/**
 * A couple's care watch: its drift risk and health as last evaluated (after
 * each write that may change them, and by the sweep when time alone may),
 * for the caseload order, care-team alerts and caseload pages.
 */
export interface CareWatch {
  coupleId: string;
  rev: number;
  driftRisk: 'LOW' | 'MEDIUM' | 'HIGH' | null;
  /** The evaluated metrics (ConnectionHealth without the series), for `healthDate`. */
  health: Record<string, unknown> | null;
  /** The couple's local date the metrics are for. */
  healthDate: string | null;
  /** The metrics hold until then at most (the next instant time alone may change a signal). */
  validUntil: string | null;
  /** When the sweep re-evaluates it; null once no grant is active. */
  dueAt: string | null;
}

/** What a care-team read concerns, as the access log names it. */
export type AccessAction = 'COUPLE' | 'HEALTH' | 'SESSIONS' | 'ANSWERS' | 'REFLECTIONS' | 'ASSIGNMENTS';

/** One read of a couple's data by a practice member. Append-only. */
export interface AccessLogEntry {
  coupleId: string;
  id: string;
  at: string;
  actorId: string;
  practiceId: string;
  action: AccessAction;
}

/**
 * Care-team grants a couple may have open at once: active, or holding one
 * partner's consent (care-scope.ts `isOpen`). Why a limit: every write that
 * may move drift commits, in ITS OWN transaction (at most 100 actions), the
 * couple's care watch, one caseload position per active grant and, on a rise
 * to HIGH, an alert reminder and an outbox event per active grant; leaving
 * ends every open grant in one transaction. With 10 that is at most 31 care
 * actions: a completed session with its resolved reminders (5 + 40 + 31), the
 * sweep's re-evaluation (31) and leaving (about 3 + 2 × 10 + 2) all fit, and
 * a maximal reflection's erasure (96 actions of its own) re-evaluates the
 * watch right after instead (drift-tracker.ts). Ten is also far beyond what
 * a couple needs (a counselor, perhaps a second opinion), like the 10
 * webhooks per couple. Past it, granting one more is CONFLICT.
 */
export const MAX_OPEN_GRANTS_PER_COUPLE = 10;

/** Practice name length, in characters (stored as sent; whitespace alone is empty). */
export const PRACTICE_NAME = { min: 1, max: 120 } as const;
