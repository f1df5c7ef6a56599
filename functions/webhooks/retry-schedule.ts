/**
 * The contract's delivery schedule (04-reminders-webhooks.graphql, Webhook):
 * an attempt that gets no 2xx within 10 s is retried after 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h and 10 h (8 attempts in all, about 27.6 hours),
 * then the delivery is FAILED and kept.
 */
export interface RetryPolicy {
  /** Wait before attempt n+2 after attempt n+1 failed; its length + 1 is the number of attempts. */
  readonly delaysMs: readonly number[];
  /** An attempt without a complete response status within this time has failed. */
  readonly attemptTimeoutMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const CONTRACT_RETRY_POLICY: RetryPolicy = {
  delaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  attemptTimeoutMs: 10 * SECOND,
};

/** Attempts in all under `policy`. */
export function maxAttempts(policy: RetryPolicy): number {
  return policy.delaysMs.length + 1;
}

/**
 * The wait before the next attempt after `attemptsMade` attempts failed;
 * null when that was the last one (the delivery becomes FAILED).
 */
export function nextRetryDelayMs(policy: RetryPolicy, attemptsMade: number): number | null {
  return policy.delaysMs[attemptsMade - 1] ?? null;
}
