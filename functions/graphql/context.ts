import type { Actor } from '../shared/auth/actor';
import type { Logger } from '../shared/logging/logger';
import type { Admission } from './admission';
import type { Services } from './request-scope';

/** What every resolver receives: the verified caller, this request's services, a request-scoped logger. */
export interface GraphqlContext {
  actor: Actor;
  services: Services;
  logger: Logger;
  requestId: string;
  /** Whether the caller passed the rate limit and the erasure check; decided while the operation runs (admission.ts). */
  admission: Admission;
  /** The request's Idempotency-Key, when one applies (a mutation's; idempotency-step.ts). */
  idempotency?: RequestIdempotency;
}

/** One request's Idempotency-Key, for the context of its caller (GraphqlContext.idempotency). */
export interface RequestIdempotency {
  /**
   * Claims the key once the caller is admitted, before the mutation runs.
   * Throws a RequestRefusal when it may not run: BAD_USER_INPUT 422 (another
   * request's key), CONFLICT 409 with Retry-After (still running) or with
   * Idempotent-Replayed (already applied).
   */
  begin(): Promise<void>;
}
