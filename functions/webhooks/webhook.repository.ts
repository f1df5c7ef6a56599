import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalUpdate, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction } from '../shared/data/transaction';
import type { Page } from '../shared/pagination/cursor';
import { mapPage, queryPage } from '../shared/pagination/query-page';
import type { Webhook } from './webhook.model';

/** Key of a webhook item. Its deliveries live in the same partition (delivery.repository.ts). */
export function webhookKey(webhookId: string): Key {
  return { pk: `WEBHOOK#${webhookId}`, sk: 'WEBHOOK' };
}

/** gsi1 partition listing a couple's webhooks, newest first by `gsi1sk = <createdAt>#<id>`. */
function coupleWebhooksPartition(coupleId: string): string {
  return `COUPLE#${coupleId}#WEBHOOKS`;
}

/**
 * Counter item beside the couple (`sk` differs from the couple item's, so
 * couple writes and their optimistic versions are untouched). Counting in
 * the creating transaction is what keeps "at most N per couple" exact under
 * concurrent createWebhook calls; a count by Query could not.
 */
function webhookCountKey(coupleId: string): Key {
  return { pk: `COUPLE#${coupleId}`, sk: 'WEBHOOK_COUNT' };
}

/**
 * The webhook's sealed signing secret (secret-context.ts) lives in its own
 * item beside the webhook, with no index attributes: the webhook item is in
 * gsi1 (projection ALL), and a secret must never be copied into an index.
 */
function signingSecretKey(webhookId: string): Key {
  return { pk: `WEBHOOK#${webhookId}`, sk: 'SIGNING_SECRET' };
}

function toWebhook(item: Item): Webhook {
  return {
    id: String(item.webhookId),
    url: String(item.url),
    events: item.events as Webhook['events'],
    coupleId: String(item.coupleId),
    createdBy: typeof item.createdBy === 'string' ? item.createdBy : null,
    active: item.active === true,
    createdAt: String(item.createdAt),
    deactivatedAt: (item.deactivatedAt as string | undefined) ?? null,
  };
}

function webhookItem(webhook: Webhook): Item {
  return {
    ...webhookKey(webhook.id),
    type: 'Webhook',
    webhookId: webhook.id,
    url: webhook.url,
    events: webhook.events,
    coupleId: webhook.coupleId,
    ...(webhook.createdBy ? { createdBy: webhook.createdBy } : {}),
    active: webhook.active,
    createdAt: webhook.createdAt,
    gsi1pk: coupleWebhooksPartition(webhook.coupleId),
    gsi1sk: `${webhook.createdAt}#${webhook.id}`,
  };
}

/** Data access for webhooks. */
export class WebhookRepository {
  constructor(private readonly table: TableContext) {}

  /**
   * Stores a new webhook and its sealed signing secret (never the plain one:
   * WebhookService seals it first) unless the couple already has `maxPerCouple`.
   */
  async create(webhook: Webhook, sealedSecret: string, maxPerCouple: number): Promise<'ok' | 'limit-reached'> {
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Update: {
            TableName: this.table.tableName,
            Key: webhookCountKey(webhook.coupleId),
            UpdateExpression: 'SET #type = :type ADD webhookCount :one',
            ConditionExpression: 'attribute_not_exists(webhookCount) OR webhookCount < :max',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':type': 'WebhookCount', ':one': 1, ':max': maxPerCouple },
          },
        },
        onFailure: 'limit-reached',
      })
      .add({
        action: { Put: { TableName: this.table.tableName, Item: webhookItem(webhook), ConditionExpression: 'attribute_not_exists(pk)' } },
        onFailure: 'id-taken',
      })
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: { ...signingSecretKey(webhook.id), type: 'WebhookSigningSecret', webhookId: webhook.id, sealedSecret },
          },
        },
        onFailure: 'id-taken',
      })
      .commitReportingAll();
    if (outcome.committed) return 'ok';
    if (outcome.failed.includes('limit-reached')) return 'limit-reached';
    throw new Error(`Webhook ${webhook.id} could not be stored (${outcome.failed.join(', ') || 'transaction conflict'})`);
  }

  /** A webhook by id (strongly consistent: deletes and deactivations show at once). */
  async get(webhookId: string): Promise<Webhook | null> {
    const item = await getConsistent(this.table, webhookKey(webhookId));
    return item ? toWebhook(item) : null;
  }

  /** The webhook's sealed signing secret, for the dispatcher to open and sign with; null once deleted. */
  async getSealedSecret(webhookId: string): Promise<string | null> {
    const item = await getConsistent(this.table, signingSecretKey(webhookId));
    return typeof item?.sealedSecret === 'string' ? item.sealedSecret : null;
  }

  /** A page of the couple's webhooks, newest first. */
  async listByCouple(coupleId: string, first: number, after?: string | null): Promise<Page<Webhook>> {
    const partition = coupleWebhooksPartition(coupleId);
    const page = await queryPage(this.table, {
      query: {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :partition',
        ExpressionAttributeValues: { ':partition': partition },
        ScanIndexForward: false,
      },
      partition,
      keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
      first,
      after,
    });
    return mapPage(page, toWebhook);
  }

  /**
   * Every webhook of the couple, for the dispatcher. One
   * Query, no paging: a couple has at most MAX_WEBHOOKS_PER_COUPLE webhooks of
   * about 1 KB each, far below a Query page's 1 MB. The index is eventually
   * consistent: a webhook created a moment before an event may miss that
   * event, as with any subscription made "at the same time".
   */
  async allOfCouple(coupleId: string): Promise<Webhook[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :partition',
        ExpressionAttributeValues: { ':partition': coupleWebhooksPartition(coupleId) },
      }),
    );
    return (result.Items ?? []).map(toWebhook);
  }

  /** Deletes the webhook with its signing secret and frees its place in the couple's count. */
  async delete(webhook: Webhook): Promise<'ok' | 'not-found'> {
    const outcome = await new Transaction(this.table)
      .add({
        action: { Delete: { TableName: this.table.tableName, Key: webhookKey(webhook.id), ConditionExpression: 'attribute_exists(pk)' } },
        onFailure: 'not-found',
      })
      .add({ action: { Delete: { TableName: this.table.tableName, Key: signingSecretKey(webhook.id) } }, onFailure: 'secret-changed' })
      .add({
        action: {
          Update: {
            TableName: this.table.tableName,
            Key: webhookCountKey(webhook.coupleId),
            UpdateExpression: 'ADD webhookCount :minusOne',
            ExpressionAttributeValues: { ':minusOne': -1 },
          },
        },
        onFailure: 'count-changed',
      })
      .commitReportingAll();
    if (outcome.committed) return 'ok';
    if (outcome.failed.includes('not-found')) return 'not-found';
    throw new Error(`Webhook ${webhook.id} could not be deleted (${outcome.failed.join(', ') || 'transaction conflict'})`);
  }

  /** The receiver answered 410 Gone: nothing more is delivered to this webhook. */
  async deactivate(webhookId: string, at: string): Promise<void> {
    // A failed condition means it was deleted meanwhile: nothing left to deactivate.
    await conditionalUpdate(this.table, {
      Key: webhookKey(webhookId),
      UpdateExpression: 'SET active = :false, deactivatedAt = if_not_exists(deactivatedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':false': false, ':at': at },
    });
  }
}
