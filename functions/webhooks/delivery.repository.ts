import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalUpdate, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction, type LabelledAction } from '../shared/data/transaction';
import type { Page } from '../shared/pagination/cursor';
import { mapPage, queryIndexPage, queryPage } from '../shared/pagination/query-page';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery } from './webhook.model';

/**
 * Delivery items live in their webhook's partition:
 * - delivery: `pk = WEBHOOK#<webhookId>`, `sk = DELIVERY#<createdAt>#<id>`,
 *   so a Query with ScanIndexForward=false lists them newest first; and
 *   `gsi2pk = WEBHOOK#<webhookId>#DELIVERIES#<STATUS>`, `gsi2sk = <createdAt>#<id>`,
 *   so a status-filtered page is one Query too (the gsi2 attributes move
 *   with the status).
 * - event marker: `sk = EVENT#<eventId>`, written with attribute_not_exists in
 *   the same transaction as the delivery: the idempotency guard that makes a
 *   republished or redelivered event create no second delivery. A requested
 *   attempt (test event, redelivery) is a bus event too; its marker points
 *   at the delivery to attempt.
 * - id pointer: `sk = DELIVERYID#<deliveryId>` → createdAt, so a delivery is
 *   found by the id a person sees (the webhook-id header) in one GetItem.
 */

/** What locates a delivery (a retry message carries exactly this). */
export interface DeliveryRef {
  webhookId: string;
  deliveryId: string;
  createdAt: string;
}

export function deliveryKey(ref: DeliveryRef): Key {
  return { pk: `WEBHOOK#${ref.webhookId}`, sk: `DELIVERY#${ref.createdAt}#${ref.deliveryId}` };
}

function keyOf(delivery: WebhookDelivery): Key {
  return deliveryKey({ webhookId: delivery.webhookId, deliveryId: delivery.id, createdAt: delivery.createdAt });
}

function eventMarkerKey(webhookId: string, eventId: string): Key {
  return { pk: `WEBHOOK#${webhookId}`, sk: `EVENT#${eventId}` };
}

function deliveryIdKey(webhookId: string, deliveryId: string): Key {
  return { pk: `WEBHOOK#${webhookId}`, sk: `DELIVERYID#${deliveryId}` };
}

function markerItem(webhookId: string, eventId: string, delivery: WebhookDelivery, at: string): Item {
  return {
    ...eventMarkerKey(webhookId, eventId),
    type: 'WebhookEventMarker',
    deliveryId: delivery.id,
    deliveryCreatedAt: delivery.createdAt,
    ttl: Math.floor(Date.parse(at) / 1000) + MARKER_TTL_SECONDS,
  };
}

function statusPartition(webhookId: string, status: DeliveryStatus): string {
  return `WEBHOOK#${webhookId}#DELIVERIES#${status}`;
}

/**
 * Markers only have to outlive every way an event can come again (the
 * outbox relay within minutes, EventBridge and Lambda retries within a day),
 * so DynamoDB TTL removes them after 30 days. Deliveries themselves are kept.
 */
const MARKER_TTL_SECONDS = 30 * 86_400;

function toDelivery(item: Item): WebhookDelivery {
  return {
    id: String(item.deliveryId),
    webhookId: String(item.webhookId),
    coupleId: String(item.coupleId),
    eventId: String(item.eventId),
    event: item.event as WebhookDelivery['event'],
    payload: String(item.payload),
    status: item.status as DeliveryStatus,
    attempts: Number(item.attempts ?? 0),
    lastResponseStatus: (item.lastResponseStatus as number | undefined) ?? null,
    lastError: (item.lastError as string | undefined) ?? null,
    createdAt: String(item.createdAt),
    deliveredAt: (item.deliveredAt as string | undefined) ?? null,
    nextAttemptAt: (item.nextAttemptAt as string | undefined) ?? null,
    test: item.test === true,
    retryBase: Number(item.retryBase ?? 0),
    attemptLog: Array.isArray(item.attemptLog) ? (item.attemptLog as Item[]).map(toAttempt) : [],
  };
}

function toAttempt(entry: Item): DeliveryAttempt {
  return {
    number: Number(entry.number),
    at: String(entry.at),
    responseStatus: (entry.responseStatus as number | undefined) ?? null,
    durationMs: Number(entry.durationMs ?? 0),
    responseExcerpt: (entry.responseExcerpt as string | undefined) ?? null,
    error: (entry.error as string | undefined) ?? null,
  };
}

/** What a redelivery may start from: a delivery that is over, as it was read. */
export type RedeliveryOutcome = 'ok' | 'changed' | 'retry';

/** The result of an attempt, as stored. */
export interface AttemptOutcome {
  status: DeliveryStatus;
  lastResponseStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

/** Where a delivery item's attributes come from (its status moves the gsi2 attributes). */
function deliveryItem(delivery: WebhookDelivery): Item {
  return {
    ...keyOf(delivery),
    type: 'WebhookDelivery',
    deliveryId: delivery.id,
    webhookId: delivery.webhookId,
    coupleId: delivery.coupleId,
    eventId: delivery.eventId,
    event: delivery.event,
    payload: delivery.payload,
    status: delivery.status,
    attempts: delivery.attempts,
    createdAt: delivery.createdAt,
    nextAttemptAt: delivery.nextAttemptAt ?? undefined,
    test: delivery.test || undefined,
    retryBase: delivery.retryBase,
    attemptLog: delivery.attemptLog,
    gsi2pk: statusPartition(delivery.webhookId, delivery.status),
    gsi2sk: `${delivery.createdAt}#${delivery.id}`,
  };
}

/** Data access for webhook deliveries. */
export class DeliveryRepository {
  constructor(private readonly table: TableContext) {}

  /**
   * Creates the delivery unless one exists for the same webhook and event.
   * `alsoWrite` commits with it (a requested test delivery's outbox event).
   * 'retry': it lost a race (e.g. to another invocation creating the same
   * event's delivery) and wrote nothing; run it again, which then finds the
   * winner's delivery ('exists') or creates it.
   */
  async create(delivery: WebhookDelivery, alsoWrite: readonly LabelledAction<'retry'>[] = []): Promise<'created' | 'exists' | 'retry'> {
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: markerItem(delivery.webhookId, delivery.eventId, delivery, delivery.createdAt),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'exists',
      })
      .add({ action: { Put: { TableName: this.table.tableName, Item: deliveryItem(delivery) } }, onFailure: 'unexpected' })
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: { ...deliveryIdKey(delivery.webhookId, delivery.id), type: 'WebhookDeliveryId', deliveryCreatedAt: delivery.createdAt },
          },
        },
        onFailure: 'unexpected',
      })
      .add(...alsoWrite)
      .commitReportingAll();
    if (outcome.committed) return 'created';
    if (outcome.failed.includes('exists')) return 'exists';
    // The other Puts are unconditional, and an alsoWrite refused ('retry') is a lost race too.
    return 'retry';
  }

  /** A delivery of the webhook by its id (the webhook-id header), or null. */
  async getById(webhookId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    const pointer = await getConsistent(this.table, deliveryIdKey(webhookId, deliveryId));
    if (!pointer) return null;
    return this.get({ webhookId, deliveryId, createdAt: String(pointer.deliveryCreatedAt) });
  }

  /**
   * Puts a finished (DELIVERED or FAILED) delivery back to PENDING, due at
   * `at`, with the retry schedule counted afresh from its attempts so far,
   * and marks `requestEventId` as the bus event that asks for its attempt.
   * Only if it is still as read (status and attempts): of two concurrent
   * redeliveries one wins, the other is 'changed'. `alsoWrite` (the outbox
   * event) commits with it.
   */
  async redeliver(
    delivery: WebhookDelivery,
    requestEventId: string,
    at: string,
    alsoWrite: readonly LabelledAction<'retry'>[],
  ): Promise<RedeliveryOutcome> {
    return new Transaction(this.table)
      .add({
        action: {
          Update: {
            TableName: this.table.tableName,
            Key: keyOf(delivery),
            UpdateExpression:
              'SET #status = :pending, nextAttemptAt = :at, retryBase = attempts, gsi2pk = :gsi2pk, redeliveredAt = :at REMOVE leaseId, leaseUntil',
            ConditionExpression: '#status = :seen AND attempts = :attempts',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':pending': 'PENDING',
              ':at': at,
              ':gsi2pk': statusPartition(delivery.webhookId, 'PENDING'),
              ':seen': delivery.status,
              ':attempts': delivery.attempts,
            },
          },
        },
        onFailure: 'changed',
      })
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: markerItem(delivery.webhookId, requestEventId, delivery, at),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'retry',
      })
      .add(...alsoWrite)
      .commit();
  }

  /**
   * Every PENDING delivery of the table, by Scan. For the local run only
   * (re-scheduling retries after a restart, "retry now"): a developer's table
   * is small, and the cloud never needs it because SQS keeps its retries.
   */
  async scanPending(): Promise<WebhookDelivery[]> {
    const found: WebhookDelivery[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new ScanCommand({
          TableName: this.table.tableName,
          FilterExpression: '#type = :type AND #status = :pending',
          ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
          ExpressionAttributeValues: { ':type': 'WebhookDelivery', ':pending': 'PENDING' },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(page.Items ?? []).map(toDelivery));
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }

  /** The delivery of `eventId` to the webhook, if one was created. */
  async getByEvent(webhookId: string, eventId: string): Promise<WebhookDelivery | null> {
    const marker = await getConsistent(this.table, eventMarkerKey(webhookId, eventId));
    if (!marker) return null;
    return this.get({ webhookId, deliveryId: String(marker.deliveryId), createdAt: String(marker.deliveryCreatedAt) });
  }

  async get(ref: DeliveryRef): Promise<WebhookDelivery | null> {
    const item = await getConsistent(this.table, deliveryKey(ref));
    return item ? toDelivery(item) : null;
  }

  /**
   * Takes the right to make the delivery's next attempt until `leaseUntil`.
   * Exactly one of several concurrent claimers (a redelivered event, a
   * duplicated retry message) wins; a claimer that died leaves a lease that
   * simply runs out. False when someone else holds it or the attempt was made.
   */
  async claim(delivery: WebhookDelivery, leaseId: string, leaseUntil: string, now: string): Promise<boolean> {
    const { applied } = await conditionalUpdate(this.table, {
      Key: keyOf(delivery),
      UpdateExpression: 'SET leaseId = :lease, leaseUntil = :until',
      ConditionExpression: '#status = :pending AND attempts = :attempts AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':lease': leaseId,
        ':until': leaseUntil,
        ':pending': 'PENDING',
        ':attempts': delivery.attempts,
        ':now': now,
      },
    });
    return applied;
  }

  /** Records the attempt made under `leaseId`, appends it to the attempt log and releases the lease; false if the lease was lost. */
  async recordAttempt(delivery: WebhookDelivery, leaseId: string, outcome: AttemptOutcome, attempt: DeliveryAttempt): Promise<boolean> {
    return this.finish(
      delivery,
      'leaseId = :lease AND attempts = :attempts',
      { ':lease': leaseId },
      { ...outcome, attempts: delivery.attempts + 1 },
      attempt,
    );
  }

  /** Gives up on a PENDING delivery without another attempt (its webhook was deactivated). */
  async abandon(delivery: WebhookDelivery, reason: string, now: string): Promise<boolean> {
    return this.finish(
      delivery,
      '#status = :pending AND attempts = :attempts AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
      { ':pending': 'PENDING', ':now': now },
      {
        status: 'FAILED',
        attempts: delivery.attempts,
        lastResponseStatus: delivery.lastResponseStatus,
        lastError: reason,
        deliveredAt: null,
        nextAttemptAt: null,
      },
    );
  }

  private async finish(
    delivery: WebhookDelivery,
    condition: string,
    conditionValues: Record<string, unknown>,
    next: AttemptOutcome & { attempts: number },
    attempt?: DeliveryAttempt,
  ): Promise<boolean> {
    const set = ['#status = :status', 'attempts = :newAttempts', 'gsi2pk = :gsi2pk'];
    if (attempt) set.push('attemptLog = list_append(if_not_exists(attemptLog, :noAttempts), :attempt)');
    const remove = ['leaseId', 'leaseUntil'];
    const values: Record<string, unknown> = {
      ...conditionValues,
      ':status': next.status,
      ':newAttempts': next.attempts,
      ':attempts': delivery.attempts,
      ':gsi2pk': statusPartition(delivery.webhookId, next.status),
      ...(attempt ? { ':noAttempts': [], ':attempt': [withoutNulls(attempt)] } : {}),
    };
    for (const name of ['lastResponseStatus', 'lastError', 'deliveredAt', 'nextAttemptAt'] as const) {
      if (next[name] === null) remove.push(name);
      else {
        set.push(`${name} = :${name}`);
        values[`:${name}`] = next[name];
      }
    }
    const { applied } = await conditionalUpdate(this.table, {
      Key: keyOf(delivery),
      UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    });
    return applied;
  }

  /** A page of the webhook's deliveries, newest first, optionally of one status. */
  async list(webhookId: string, status: DeliveryStatus | null, first: number, after?: string | null): Promise<Page<WebhookDelivery>> {
    const page = status
      ? await queryIndexPage(this.table, { index: 'gsi2', partitionKey: statusPartition(webhookId, status), first, after })
      : await queryPage(this.table, {
          query: {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': `WEBHOOK#${webhookId}`, ':prefix': 'DELIVERY#' },
            ScanIndexForward: false,
          },
          partition: `WEBHOOK#${webhookId}#DELIVERIES`,
          keyAttributes: ['pk', 'sk'],
          first,
          after,
        });
    return mapPage(page, toDelivery);
  }
}

/** An attempt log entry without null fields (absent reads back as null in toDelivery's consumers). */
function withoutNulls(attempt: DeliveryAttempt): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attempt).filter(([, value]) => value !== null));
}
