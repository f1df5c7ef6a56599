import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type DomainEvent } from './domain-event';

/**
 * Puts domain events on the project's bus. Producers never call this
 * directly after a write: they go through the outbox (outbox.ts), which
 * makes a failed or skipped publish recoverable.
 */
export interface EventPublisher {
  /** Resolves when every event was accepted by the bus; otherwise throws PublishError. */
  publish(events: readonly DomainEvent[]): Promise<void>;
}

/** Some events were not accepted; the others were. The outbox keeps the failed ones for the relay. */
export class PublishError extends Error {
  constructor(
    readonly failedEventIds: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** PutEvents takes at most 10 entries per request. */
const PUT_EVENTS_BATCH = 10;

/** The PutEvents entry for an event: the whole domain event is the `detail`. */
export function toPutEventsEntry(event: DomainEvent, eventBusName: string): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: new Date(event.occurredAt),
  };
}

/** The cloud publisher: PutEvents on the project's bus (EVENT_BUS_NAME). */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: Pick<EventBridgeClient, 'send'>,
    private readonly eventBusName: string,
  ) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const failed: string[] = [];
    let reason = '';
    for (let start = 0; start < events.length; start += PUT_EVENTS_BATCH) {
      const batch = events.slice(start, start + PUT_EVENTS_BATCH);
      try {
        const result = await this.client.send(
          new PutEventsCommand({ Entries: batch.map((event) => toPutEventsEntry(event, this.eventBusName)) }),
        );
        // PutEvents succeeds as a request even when some entries fail; entries answer in order.
        (result.Entries ?? []).forEach((entry, index) => {
          const event = batch[index];
          if (entry.ErrorCode && event) {
            failed.push(event.id);
            reason = `${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`;
          }
        });
      } catch (error) {
        failed.push(...batch.map((event) => event.id));
        reason = error instanceof Error ? error.message : String(error);
      }
    }
    if (failed.length > 0) throw new PublishError(failed, `PutEvents failed for ${failed.length} event(s): ${reason}`);
  }
}

/**
 * Stands in where no bus is configured (a handler built without one, e.g. a
 * test that does not care about events): every publish fails, so events stay
 * in the outbox instead of vanishing.
 */
export const unconfiguredPublisher: EventPublisher = {
  async publish(events) {
    throw new PublishError(
      events.map((event) => event.id),
      'No event bus is configured (EVENT_BUS_NAME, or an in-process bus locally)',
    );
  },
};
