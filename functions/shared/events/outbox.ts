import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchDeleteItems, type Item, type Key, type TableContext } from '../data/table';
import type { LabelledAction } from '../data/transaction';
import type { Logger } from '../logging/logger';
import { parseDomainEvent, type DomainEvent } from './domain-event';
import { PublishError, type EventPublisher } from './publisher';

/**
 * A small transactional outbox, so that an event can never vanish between a
 * DynamoDB write and PutEvents (the Lambda may die, time out or lose the
 * network right after the commit).
 *
 * 1. The producer adds {@link outboxPutAction} to the SAME TransactWriteItems
 *    as its own write: the fact and "this must be published" commit together
 *    or not at all.
 * 2. After the commit it calls {@link EventOutbox.publishCommitted}, which
 *    publishes and then deletes the outbox item. A failed publish is logged,
 *    not thrown: the write succeeded and the caller's answer must say so.
 * 3. {@link relayOutbox} republishes every outbox item older than a minute
 *    (the producer had its chance). The scheduled reminder Lambda runs it on
 *    each sweep; anything may call it.
 *
 * Publishing is therefore at least once: an event can be published twice
 * (the producer published but died before deleting the item). Consumers
 * deduplicate by the event's id (the webhook dispatcher keeps a marker item
 * per webhook and event), so a second publish never delivers twice.
 *
 * Why not DynamoDB Streams → EventBridge Pipes instead: it would lose nothing
 * either, but it publishes every change of every item and needs a filter per
 * event kind kept in sync with the producers' items, and it has no local
 * equivalent (DynamoDB Local's streams are not wired to anything here); the
 * outbox runs the same way locally and in the cloud, in ~100 lines.
 */

/** Partition of the gsi1 index holding every unpublished event, oldest first. */
export const OUTBOX_PARTITION = 'OUTBOX';

/** The relay leaves younger items alone: their producer is probably still publishing them. */
export const OUTBOX_RELAY_MIN_AGE_MS = 60_000;

/** Key of an outbox item. */
export function outboxKey(eventId: string): Key {
  return { pk: `OUTBOX#${eventId}`, sk: 'OUTBOX' };
}

/** What producers use: the transaction action, and publishing after the commit. */
export class EventOutbox {
  constructor(
    private readonly table: TableContext,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
  ) {}

  /**
   * The transaction action that records `event` as "to publish": add it to
   * the producer's own transaction. The GSI attributes list it in the OUTBOX
   * partition ordered by time; outbox items are deleted right after a
   * successful publish, so that partition only ever holds a handful of items.
   */
  putAction(event: DomainEvent): LabelledAction<'retry'> {
    return {
      action: {
        Put: {
          TableName: this.table.tableName,
          Item: {
            ...outboxKey(event.id),
            type: 'OutboxEvent',
            event,
            gsi1pk: OUTBOX_PARTITION,
            gsi1sk: `${event.occurredAt}#${event.id}`,
          } satisfies Item,
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      // Event ids are fresh UUIDs: the condition fails only if this very write already committed.
      onFailure: 'retry',
    };
  }

  /**
   * Publishes events whose outbox items were just committed and deletes the
   * items of those the bus accepted. Never throws: whatever fails here is
   * still in the outbox and the relay publishes it later.
   */
  async publishCommitted(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await publishAndClear(this.table, this.publisher, events, this.logger);
  }
}

export interface RelayResult {
  /** Outbox items old enough to relay. */
  found: number;
  republished: number;
  failed: number;
}

/**
 * Republishes outbox items older than `minAgeMs` at `now` (oldest first, at
 * most `maxEvents` per run) and deletes those the bus accepted.
 */
export async function relayOutbox(
  deps: { table: TableContext; publisher: EventPublisher; logger: Logger },
  now: Date,
  options: { minAgeMs?: number; maxEvents?: number } = {},
): Promise<RelayResult> {
  const cutoff = new Date(now.getTime() - (options.minAgeMs ?? OUTBOX_RELAY_MIN_AGE_MS)).toISOString();
  const maxEvents = options.maxEvents ?? 500;
  const result: RelayResult = { found: 0, republished: 0, failed: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.table.client.send(
      new QueryCommand({
        TableName: deps.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk < :cutoff',
        ExpressionAttributeValues: { ':partition': OUTBOX_PARTITION, ':cutoff': cutoff },
        Limit: Math.min(100, maxEvents - result.found),
        ExclusiveStartKey: startKey,
      }),
    );
    const events: DomainEvent[] = [];
    for (const item of page.Items ?? []) {
      try {
        events.push(parseDomainEvent(item.event));
      } catch (error) {
        // A malformed item is a bug; leave it for inspection rather than drop it.
        deps.logger.error('Outbox item is not a valid event', { pk: item.pk, error: (error as Error).message });
      }
    }
    result.found += page.Items?.length ?? 0;
    const failed = await publishAndClear(deps.table, deps.publisher, events, deps.logger);
    result.failed += failed;
    result.republished += events.length - failed;
    startKey = page.LastEvaluatedKey;
  } while (startKey && result.found < maxEvents);
  if (result.found > 0) deps.logger.info('Outbox relayed', { ...result });
  return result;
}

/** Publishes, deletes the outbox items of the accepted events, and returns how many failed. */
async function publishAndClear(
  table: TableContext,
  publisher: EventPublisher,
  events: readonly DomainEvent[],
  logger: Logger,
): Promise<number> {
  if (events.length === 0) return 0;
  let failedIds = new Set<string>();
  try {
    await publisher.publish(events);
  } catch (error) {
    failedIds = new Set(error instanceof PublishError ? error.failedEventIds : events.map((e) => e.id));
    logger.warn('Publishing events failed; they stay in the outbox for the relay', {
      eventIds: [...failedIds],
      error: error instanceof Error ? error.message : String(error),
    });
  }
  const published = events.filter((event) => !failedIds.has(event.id));
  try {
    await batchDeleteItems(
      table,
      published.map((event) => outboxKey(event.id)),
    );
  } catch (error) {
    // Harmless: the relay publishes them again and consumers deduplicate by event id.
    logger.warn('Clearing published events from the outbox failed', { error: (error as Error).message });
  }
  return failedIds.size;
}
