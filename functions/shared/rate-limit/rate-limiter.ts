import { RateLimitedError } from '../errors';
import type { Clock } from '../time/clock';
import type { RateLimitRepository } from './rate-limit.repository';

const WINDOW_MS = 60_000;

/**
 * "Too many requests for this caller" (contract: RATE_LIMITED). API Gateway's
 * stage throttling protects the service as a whole; this protects it from one
 * caller (a third-party app looping on one person's token). It costs one
 * conditional write per request, which we accept for an exact count across
 * Lambda containers. A limit of 0 turns it off.
 */
export class RateLimiter {
  constructor(
    private readonly counters: RateLimitRepository,
    private readonly clock: Clock,
    private readonly requestsPerMinute: number,
  ) {}

  /** Counts a request of `callerId`; RateLimitedError (with retryAfterSeconds) past the limit. */
  async admit(callerId: string): Promise<void> {
    if (this.requestsPerMinute <= 0) return;
    const now = this.clock.now().getTime();
    const windowStart = now - (now % WINDOW_MS);
    const windowEndsAt = windowStart + WINDOW_MS;
    if (await this.counters.take(callerId, new Date(windowStart).toISOString(), windowEndsAt, this.requestsPerMinute)) return;
    throw new RateLimitedError(
      `Too many requests: at most ${this.requestsPerMinute} a minute for one caller`,
      Math.ceil((windowEndsAt - now) / 1000),
    );
  }
}
