import { conditionalUpdate, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction } from '../shared/data/transaction';
import type { Page } from '../shared/pagination/cursor';
import { mapPage, queryPage } from '../shared/pagination/query-page';
import type { DeliveryStatus, WebhookDelivery } from './webhook.model';

/**
 * Delivery items live in their webhook's partition:
 * - delivery: `pk = WEBHOOK#<webhookId>`, `sk = DELIVERY#<createdAt>#<id>`,
 *   so a Query with ScanIndexForward=false lists them newest first; and
 *   `gsi2pk = WEBHOOK#<webhookId>#DELIVERIES#<STATUS>`, `gsi2sk = <createdAt>#<id>`,
 *   so a status-filtered page is one Query too (the gsi2 attributes move
 *   with the status).
 * - event marker: `sk = EVENT#<eventId>`, written with attribute_not_exists in
 *   the same transaction as the delivery: the idempotency guard that makes a
 *   republished or redelivered event create no second delivery.
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
  };
}

/** The result of an attempt, as stored. */
export interface AttemptOutcome {
  status: DeliveryStatus;
  lastResponseStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

/** Data access for webhook deliveries. */
export class DeliveryRepository {
  constructor(private readonly table: TableContext) {}

  /** Creates the delivery unless one exists for the same webhook and event. */
  async create(delivery: WebhookDelivery): Promise<'created' | 'exists'> {
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: {
              ...eventMarkerKey(delivery.webhookId, delivery.eventId),
              type: 'WebhookEventMarker',
              deliveryId: delivery.id,
              deliveryCreatedAt: delivery.createdAt,
              ttl: Math.floor(Date.parse(delivery.createdAt) / 1000) + MARKER_TTL_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'exists',
      })
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: {
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
              gsi2pk: statusPartition(delivery.webhookId, delivery.status),
              gsi2sk: `${delivery.createdAt}#${delivery.id}`,
            },
          },
        },
        onFailure: 'unexpected',
      })
      .commitReportingAll();
    if (outcome.committed) return 'created';
    if (outcome.failed.includes('exists')) return 'exists';
    throw new Error(`Delivery ${delivery.id} could not be stored (${outcome.failed.join(', ') || 'transaction conflict'})`);
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

  /** Records the attempt made under `leaseId` and releases the lease; false if the lease was lost. */
  async recordAttempt(delivery: WebhookDelivery, leaseId: string, outcome: AttemptOutcome): Promise<boolean> {
    return this.finish(delivery, 'leaseId = :lease AND attempts = :attempts', { ':lease': leaseId }, {
      ...outcome,
      attempts: delivery.attempts + 1,
    });
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
  ): Promise<boolean> {
    const set = ['#status = :status', 'attempts = :newAttempts', 'gsi2pk = :gsi2pk'];
    const remove = ['leaseId', 'leaseUntil'];
    const values: Record<string, unknown> = {
      ...conditionValues,
      ':status': next.status,
      ':newAttempts': next.attempts,
      ':attempts': delivery.attempts,
      ':gsi2pk': statusPartition(delivery.webhookId, next.status),
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
      ? await queryPage(this.table, {
          query: {
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :partition',
            ExpressionAttributeValues: { ':partition': statusPartition(webhookId, status) },
            ScanIndexForward: false,
          },
          partition: statusPartition(webhookId, status),
          keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
          first,
          after,
        })
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
