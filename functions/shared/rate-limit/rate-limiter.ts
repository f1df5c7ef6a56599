import { RateLimitedError } from '../errors';
import type { Clock } from '../time/clock';
import type { RateLimitRepository } from './rate-limit.repository';

const WINDOW_MS = 60_000;

/** Callers remembered as over the limit per container; past it the oldest is forgotten (it only costs that caller a request). */
const MAX_REMEMBERED = 10_000;

/**
 * "Too many requests for this caller" (contract: RATE_LIMITED). API Gateway's
 * stage throttling protects the service as a whole; this protects it from one
 * caller (a third-party app looping on one person's token). It costs one
 * conditional write per request, which we accept for an exact count across
 * Lambda containers. A limit of 0 turns it off.
 */
export class RateLimiter {
  /**
   * Callers this container saw refused, and when their window ends: until
   * then a request of theirs is refused without a request to the table (and
   * before any of its reads). Per container, so another container may still
   * count one more refused request; the table's count stays exact.
   */
  private readonly limitedUntil = new Map<string, number>();

  constructor(
    private readonly counters: RateLimitRepository,
    private readonly clock: Clock,
    private readonly requestsPerMinute: number,
  ) {}

  /** Counts a request of `callerId`; RateLimitedError (with retryAfterSeconds) past the limit. */
  async admit(callerId: string): Promise<void> {
    if (this.requestsPerMinute <= 0) return;
    const known = this.knownLimited(callerId);
    if (known) throw known;
    const now = this.clock.now().getTime();
    const windowStart = now - (now % WINDOW_MS);
    const windowEndsAt = windowStart + WINDOW_MS;
    if (await this.counters.take(callerId, new Date(windowStart).toISOString(), windowEndsAt, this.requestsPerMinute)) return;
    this.remember(callerId, windowEndsAt);
    throw this.refusal(windowEndsAt, now);
  }

  /**
   * The refusal for a caller this container already saw over the limit in
   * the current window, decided without a request; null when not known.
   */
  knownLimited(callerId: string): RateLimitedError | null {
    const until = this.limitedUntil.get(callerId);
    if (until === undefined) return null;
    const now = this.clock.now().getTime();
    if (now < until) return this.refusal(until, now);
    this.limitedUntil.delete(callerId);
    return null;
  }

  private remember(callerId: string, until: number): void {
    this.limitedUntil.delete(callerId);
    if (this.limitedUntil.size >= MAX_REMEMBERED) {
      const oldest = this.limitedUntil.keys().next().value;
      if (oldest !== undefined) this.limitedUntil.delete(oldest);
    }
    this.limitedUntil.set(callerId, until);
  }

  private refusal(windowEndsAt: number, now: number): RateLimitedError {
    return new RateLimitedError(
      `Too many requests: at most ${this.requestsPerMinute} a minute for one caller`,
      Math.ceil((windowEndsAt - now) / 1000),
    );
  }
}
