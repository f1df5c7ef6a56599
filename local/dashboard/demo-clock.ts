import type { Clock } from '../../functions/shared/time/clock';
import { parseRfc3339 } from '../../functions/shared/time/zoned-time';
import { jsonRoute } from '../http/json';
import { HttpError, type LocalRoute } from '../http/route';

/** The local run's clock: the system time, shifted by an offset that `POST /local/clock` sets. */
export interface DemoClock extends Clock {
  /** Time runs on from `instant`; null goes back to the system time. */
  set(instant: Date | null): void;
  readonly shifted: boolean;
}

export function createDemoClock(systemNow: () => number = Date.now): DemoClock {
  let offsetMs = 0;
  return {
    now: () => new Date(systemNow() + offsetMs),
    set(instant) {
      offsetMs = instant ? instant.getTime() - systemNow() : 0;
    },
    get shifted() {
      return offsetMs !== 0;
    },
  };
}

/**
 * `POST /local/clock` with `{"now": "2026-09-01T18:00:00Z"}` moves the local
 * run's clock (GraphQL handler and reminder sweep) to that instant, from which
 * it keeps running; `{"now": null}` returns to the system time; `{}` only
 * reads it. It lets `npm run seed:demo` write 90 days of history through the
 * public API as it would have happened. Local only, like every /local route.
 */
export function createClockRoute(clock: DemoClock): LocalRoute {
  return jsonRoute((body) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'The body must be a JSON object');
    if ('now' in body) {
      const { now } = body as { now: unknown };
      if (now === null) clock.set(null);
      else {
        const instant = typeof now === 'string' ? parseRfc3339(now) : null;
        if (!instant) throw new HttpError(400, '"now" must be an RFC 3339 instant, e.g. 2026-09-01T18:00:00Z, or null');
        clock.set(instant);
      }
    }
    return { now: clock.now().toISOString(), shifted: clock.shifted };
  });
}
