import { CONTRACT_RETRY_POLICY, type RetryPolicy } from '../../functions/webhooks/retry-schedule';

/**
 * The same schedule, every wait and the timeout divided by `factor`: tests
 * run all eight attempts in a second or two with the contract's shape.
 */
export function compressedPolicy(factor: number, policy: RetryPolicy = CONTRACT_RETRY_POLICY): RetryPolicy {
  return {
    delaysMs: policy.delaysMs.map((ms) => Math.max(1, Math.round(ms / factor))),
    attemptTimeoutMs: Math.max(1, Math.round(policy.attemptTimeoutMs / factor)),
  };
}
