import { ErasureSweepFailedError, type ErasureSweepLambdaHandler } from '../../functions/privacy/create-erasure-sweep-handler';
import { ERASURE_SWEEP_TIMEOUT_SECONDS } from '../../functions/privacy/erasure-sweep';
import type { LocalRoute } from '../http/route';
import { createSweepRoute } from '../reminders/sweep-route';

/**
 * `POST /local/erasures/sweep` with JSON `{"now": "<RFC 3339>"}` (`now`
 * optional: the current time) runs the erasure sweep handler, the one the
 * scheduled rule invokes in the cloud, and answers its counts
 * (`{"found": n, "finished": n, "failed": n, ...}`). Locally `deleteMyAccount`
 * finishes by itself (no user directory to wait for), so only an erasure that
 * crashed is left PENDING: sweep 15 minutes past it to see it finished.
 */
export function createErasureSweepRoute(handler: ErasureSweepLambdaHandler): LocalRoute {
  return createSweepRoute(handler, {
    functionName: 'reconnect-erasure-sweep-local',
    timeoutSeconds: ERASURE_SWEEP_TIMEOUT_SECONDS,
    failedError: ErasureSweepFailedError,
  });
}
