import { ForbiddenError } from '../errors';
import type { Scope } from './scopes';

/** The verified caller, as domain services see it. */
export interface Actor {
  /** The person's id: the token's `sub`. */
  personId: string;
  /** The token's `name`; becomes the display name when the person record is created. */
  tokenName?: string;
  /** The token's `username` (Cognito's user name; the sub with email sign-in): what erasure deletes from the user pool. */
  username?: string;
  /** When the person last signed in (the token's `auth_time`, epoch seconds); absent when the token does not say. */
  authTime?: number;
  scopes: ReadonlySet<Scope>;
}

/**
 * FORBIDDEN unless the person signed in within the last `maxAgeSeconds`
 * (the token's `auth_time`, against real time like the token's expiry): for
 * what cannot be undone. An app holding a refresh token keeps getting new
 * access tokens, but their `auth_time` stays that of the sign-in, so only a
 * person who just signed in again passes.
 */
export function requireRecentSignIn(actor: Actor, maxAgeSeconds: number, what: string): void {
  const age = actor.authTime === undefined ? Number.POSITIVE_INFINITY : Date.now() / 1000 - actor.authTime;
  if (age > maxAgeSeconds) {
    throw new ForbiddenError(`${what} needs a sign-in within the last ${maxAgeSeconds / 60} minutes: sign in again, then retry`, {
      maxSignInAgeSeconds: maxAgeSeconds,
    });
  }
}

/** FORBIDDEN unless the caller's token grants `scope`. */
export function requireScope(actor: Actor, scope: Scope): void {
  if (!actor.scopes.has(scope)) throw new ForbiddenError(`This token lacks the ${scope} scope`, { scope });
}
