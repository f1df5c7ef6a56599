import {
  InvalidSweepInstantError,
  SweepFailedError,
  requestedInstant,
  type SweepEvent,
  type SweepLambdaHandler,
} from '../../functions/reminders/create-sweep-handler';
import { SWEEP_TIMEOUT_SECONDS } from '../../functions/reminders/sweep';
import { jsonRoute } from '../http/json';
import { createLambdaContext } from '../http/lambda-context';
import { HttpError, type LocalRoute } from '../http/route';

/** Which sweep a route runs, as its local Lambda context names it, and what its handler throws when entries failed. */
export interface SweepRouteOptions {
  functionName: string;
  timeoutSeconds: number;
  /** Thrown after a run where some entries failed (answered 500; they stay for the next run). */
  failedError: abstract new (
    ...args: never[]
  ) => Error;
}

const REMINDER_SWEEP: SweepRouteOptions = {
  functionName: 'reconnect-reminder-sweep-local',
  timeoutSeconds: SWEEP_TIMEOUT_SECONDS,
  failedError: SweepFailedError,
};

/**
 * `POST /local/reminders/sweep` with JSON `{"now": "2026-12-10T19:00:00Z"}`
 * (`now` optional: the current time) runs the sweep handler, the one the
 * EventBridge rule invokes in the cloud, at that instant, and answers its
 * counts: `{"dueCouples": n, "remindersCreated": n, ...}`. A client can so
 * see the reminder a couple gets ten days from now without waiting.
 * `POST /local/erasures/sweep` is the same route over the erasure sweep
 * (`options`), answering `{"found": n, "finished": n, ...}`.
 */
export function createSweepRoute<Result>(
  handler: (event: SweepEvent, context: ReturnType<typeof createLambdaContext>) => Promise<Result>,
  options: SweepRouteOptions = REMINDER_SWEEP,
): LocalRoute {
  return jsonRoute(async (body) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'The body must be a JSON object');
    const { now } = body as Record<string, unknown>;
    try {
      requestedInstant({ now });
      return await handler(
        now === undefined ? {} : { now },
        createLambdaContext({ functionName: options.functionName, timeoutMs: options.timeoutSeconds * 1000 }),
      );
    } catch (error) {
      if (error instanceof InvalidSweepInstantError) throw new HttpError(400, error.message);
      // Counts and the failures' log lines are in the console; the next run retries them.
      if (error instanceof options.failedError) throw new HttpError(500, error.message);
      throw error;
    }
  });
}

/**
 * Fires the sweep every SWEEP_INTERVAL_MINUTES in this process, as the
 * scheduled rule does in the cloud. The timer is unref'd: it never keeps the
 * process alive on its own. Returns a stop function.
 */
export function startSweepSchedule(handler: SweepLambdaHandler, options: { intervalMs: number; log: (line: string) => void }): () => void {
  let running = false;
  const timer = setInterval(() => {
    // A slow sweep (a big backlog) is not started twice over itself; the next tick picks up the rest.
    if (running) return;
    running = true;
    handler({}, createLambdaContext({ functionName: 'reconnect-reminder-sweep-local', timeoutMs: SWEEP_TIMEOUT_SECONDS * 1000 }))
      .then((result) => {
        if (result.remindersCreated > 0 || result.resumedCouples > 0) {
          options.log(`[sweep] ${result.now}: ${result.remindersCreated} reminder(s) for ${result.dueCouples} due couple(s)`);
        }
      })
      .catch((error: unknown) => options.log(`[sweep] failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
