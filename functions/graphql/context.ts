import type { Actor } from '../shared/auth/actor';
import type { Logger } from '../shared/logging/logger';
import type { Admission } from './admission';
import type { RequestIdempotency } from './idempotency-step';
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
