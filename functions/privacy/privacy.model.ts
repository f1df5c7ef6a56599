/**
 * The person's own data: the export document (format `reconnect-export/1`,
 * docs/data-export.md) and the erasure's progress.
 */

/** The export's format name and version; a breaking change to the document gets a new number. */
export const EXPORT_FORMAT = 'reconnect-export/1';

/** What `exportMyData` resolves to. */
export interface DataExportModel {
  generatedAt: string;
  /** The document, serialized (the contract's `json: String!`). */
  json: string;
}

/** The document itself. Ids are the API's global ids, field names the API's. */
export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  generatedAt: string;
  person: ExportedPerson | null;
  couples: ExportedCouple[];
  practiceMemberships: ExportedMembership[];
}

export interface ExportedPerson {
  id: string;
  displayName: string;
  timezone: string | null;
  createdAt: string;
}

export interface ExportedCouple {
  id: string;
  status: string;
  createdAt: string;
  activatedAt: string | null;
  endedAt: string | null;
  lastReconnectedAt: string | null;
  plan: { sessionsPerMonth: number; reminderTime: string; timezone: string; pausedUntil: string | null };
  /** Both partners' Person ids (the partner's name and text are theirs, not the caller's). */
  partnerIds: string[];
  sessions: ExportedSession[];
  reflections: ExportedReflection[];
  careGrants: ExportedGrant[];
  reminders: ExportedReminder[];
  accessLog: ExportedAccess[];
}

export interface ExportedSession {
  id: string;
  status: string;
  createdAt: string;
  scheduledFor: string | null;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  /** Each prompt with the caller's own answer only (a partner's answer is the partner's). */
  prompts: { position: number; promptId: string; myAnswer: { text: string; answeredAt: string } | null }[];
}

export interface ExportedContent {
  body: string;
  closeness: number | null;
  feelings: string[];
  sharing: { partner: boolean; careTeam: boolean };
}

export interface ExportedReflection extends ExportedContent {
  id: string;
  sessionId: string | null;
  promptId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Earlier versions, newest first. */
  revisions: (ExportedContent & { version: number; editedAt: string })[];
}

export interface ExportedGrant {
  practiceId: string;
  scope: string;
  active: boolean;
  grantedBy: string[];
  grantedAt: string | null;
  revokedAt: string | null;
}

export interface ExportedReminder {
  id: string;
  kind: string;
  status: string;
  dueAt: string;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export interface ExportedAccess {
  at: string;
  actorId: string;
  practiceId: string;
  action: string;
}

export interface ExportedMembership {
  practiceId: string;
  role: string;
  addedAt: string;
}

/** Page sizes of the export's reads: many small requests, never one giant one. */
export const EXPORT_PAGE = { reflections: 500, sessions: 100, reminders: 100, accessLog: 100 } as const;

/** A person's erasure marker (erasure.repository.ts). */
export interface ErasureRecord {
  /** PENDING: begun, not finished (every request of the person is refused but deleteMyAccount, which finishes it); DONE: finished. */
  status: 'PENDING' | 'DONE';
  /**
   * Stands where the person's id stood in records that stay (couples,
   * sessions, grants, reminders, access log). Dropped at DONE (null): the
   * marker's key is a hash of the sub, so keeping it would let anyone who
   * knows a sub find every record that was anonymised for it.
   */
  opaqueId: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** The person being erased: while PENDING only (a DONE marker must not hold the id it erased). */
  personId: string | null;
  /** Their sign-in identity's user name, deleted last: while PENDING only; null on a marker written before it was kept. */
  username: string | null;
}

/** A PENDING erasure as the erasure sweep finds it: the marker's hash (never the person's id) and when it began. */
export interface PendingErasure {
  hash: string;
  startedAt: string;
}

/**
 * deleteMyAccount starts only for a person who signed in within this many
 * seconds (the token's auth_time): erasure cannot be undone, and the scopes
 * alone would let any app holding a refresh token with them do it.
 */
export const ERASURE_MAX_SIGN_IN_AGE_SECONDS = 15 * 60;

/** Items one erasure batch handles (reflections: one transaction each; sessions: one page). */
export const ERASURE_BATCH = 25;

/**
 * How long one deleteMyAccount request spends erasing reflections before it
 * answers: the GraphQL Lambda times out at 10 s (infra GRAPHQL_TIMEOUT), and
 * a batch in flight plus the rest of the request must fit in what is left.
 * A 5,000-reflection account takes longer than that (npm run bench:erase);
 * the next deleteMyAccount or the erasure sweep finishes it.
 */
export const ERASURE_REQUEST_BUDGET_MS = 6_000;
