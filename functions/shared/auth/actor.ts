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
  scopes: ReadonlySet<Scope>;
}

/** FORBIDDEN unless the caller's token grants `scope`. */
export function requireScope(actor: Actor, scope: Scope): void {
  if (!actor.scopes.has(scope)) throw new ForbiddenError(`This token lacks the ${scope} scope`, { scope });
}
