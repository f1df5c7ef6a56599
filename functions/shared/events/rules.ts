import { DETAIL_TYPES, EVENT_SOURCE } from './domain-event';
import { WEBHOOK_DETAIL_TYPES } from './webhook-events';

/**
 * The rules of the project's event bus, as data. The CDK stack turns each
 * into an `events.Rule` with exactly this pattern (infra/constructs/events.ts)
 * and the local run's in-process bus applies the very same patterns
 * (local/events/in-process-bus.ts), so what reaches the webhook dispatcher locally is what
 * would reach it in the cloud.
 */

/**
 * The subset of EventBridge pattern syntax this project uses: top-level
 * fields matched against a list of exact values. {@link matchesPattern}
 * implements it; anything richer must be added there first (its test fails
 * on an unsupported pattern).
 */
export interface EventPattern {
  source?: readonly string[];
  'detail-type'?: readonly string[];
}

/** Names the code a rule invokes; the stack maps each to a Lambda, the local run to a function. */
export type RuleTarget = 'webhook-dispatcher';

export interface BusRule {
  /** Stable id: the CDK construct id and the local bus's log name. */
  name: string;
  description: string;
  pattern: EventPattern;
  target: RuleTarget;
}

export const EVENT_RULES: readonly BusRule[] = [
  {
    name: 'WebhookDelivery',
    description:
      'Events that couples can subscribe to as webhooks, and requested attempts (test events, redeliveries), go to the webhook dispatcher',
    pattern: { source: [EVENT_SOURCE], 'detail-type': [...WEBHOOK_DETAIL_TYPES, DETAIL_TYPES.webhookDeliveryRequested] },
    target: 'webhook-dispatcher',
  },
];

/** The fields of an EventBridge event that patterns can match. */
export interface MatchableEvent {
  source: string;
  'detail-type': string;
}

const SUPPORTED_FIELDS = new Set(['source', 'detail-type']);

/**
 * EventBridge's matching for the supported subset: every field named in the
 * pattern must equal one of its listed values. Throws on a pattern outside the
 * subset instead of silently matching differently from EventBridge.
 */
export function matchesPattern(pattern: EventPattern, event: MatchableEvent): boolean {
  for (const [field, allowed] of Object.entries(pattern) as [keyof EventPattern, unknown][]) {
    if (!SUPPORTED_FIELDS.has(field) || !Array.isArray(allowed) || !allowed.every((v) => typeof v === 'string')) {
      throw new Error(`Unsupported event pattern field ${JSON.stringify(field)}: only lists of exact source/detail-type values`);
    }
    if (!allowed.includes(event[field])) return false;
  }
  return true;
}
