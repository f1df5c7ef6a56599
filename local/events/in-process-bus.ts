import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { Logger } from '../../functions/shared/logging/logger';
import { EVENT_SOURCE, type DomainEvent } from '../../functions/shared/events/domain-event';
import type { EventPublisher } from '../../functions/shared/events/publisher';
import { EVENT_RULES, matchesPattern, type BusRule, type RuleTarget } from '../../functions/shared/events/rules';

/** What a rule target receives: the event exactly as EventBridge hands it to a Lambda. */
export type BusEnvelope = EventBridgeEvent<string, unknown>;

export type RuleTargetHandler = (envelope: BusEnvelope) => Promise<void>;

export interface InProcessEventBusOptions {
  /** Defaults to the project's EVENT_RULES: the same patterns as the cloud bus. */
  rules?: readonly BusRule[];
  logger?: Logger;
  /**
   * Waits before re-invoking a target that threw, like Lambda's asynchronous
   * invocation retries (twice) in the cloud. Default 1 s and 2 s.
   */
  retryDelaysMs?: readonly number[];
}

/**
 * The local run's (and tests') event bus: applies the same rule patterns as
 * EventBridge and calls the same handler code the rule's Lambda runs, inside
 * this process. `publish` returns as soon as the events are accepted, like
 * PutEvents; targets run afterwards, so a GraphQL response never waits for a
 * webhook. `idle()` lets a test wait until every target has finished.
 */
export class InProcessEventBus implements EventPublisher {
  private readonly rules: readonly BusRule[];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly targets: Readonly<Record<RuleTarget, RuleTargetHandler>>,
    private readonly options: InProcessEventBusOptions = {},
  ) {
    this.rules = options.rules ?? EVENT_RULES;
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      const envelope = toEnvelope(event);
      for (const rule of this.rules) {
        if (!matchesPattern(rule.pattern, envelope)) continue;
        const run = this.invoke(rule, envelope).finally(() => this.inFlight.delete(run));
        this.inFlight.add(run);
      }
    }
  }

  /** Resolves once every target invoked so far (and any they caused on this bus) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async invoke(rule: BusRule, envelope: BusEnvelope): Promise<void> {
    // Never in the publisher's call stack: EventBridge delivers asynchronously.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const delays = this.options.retryDelaysMs ?? [1000, 2000];
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.targets[rule.target](envelope);
        return;
      } catch (error) {
        const delay = delays[attempt];
        this.options.logger?.error('In-process bus target failed', {
          rule: rule.name,
          eventId: (envelope.detail as DomainEvent | undefined)?.id,
          attempt: attempt + 1,
          willRetry: delay !== undefined,
          error: error instanceof Error ? error.message : String(error),
        });
        if (delay === undefined) return;
        await new Promise<void>((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }
}

/** The envelope EventBridge would build for `event` after PutEvents (see publisher.ts). */
export function toEnvelope(event: DomainEvent): BusEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': event.type,
    source: EVENT_SOURCE,
    account: '000000000000',
    time: event.occurredAt,
    region: process.env.AWS_REGION ?? 'us-east-1',
    resources: [],
    detail: JSON.parse(JSON.stringify(event)) as unknown,
  };
}
