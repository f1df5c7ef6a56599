import type { Actor } from '../shared/auth/actor';

/** A person: one per token subject, created on first use. */
export interface Person {
  /** The token's `sub`. */
  id: string;
  displayName: string;
  timezone: string | null;
  createdAt: string;
  /** The person's one non-ENDED couple; null when none. */
  activeCoupleId: string | null;
}

/** What `me` resolves to: the caller, loaded lazily field by field. */
export interface ViewerModel {
  actor: Actor;
}

/** Display name for a person whose token carries no `name`. */
export const DEFAULT_DISPLAY_NAME = 'Partner';

/** What is shown for a person whose account was erased, where a record must still name someone (an access-log reader). */
export const ERASED_DISPLAY_NAME = 'Erased account';
