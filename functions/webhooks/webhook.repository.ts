import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalUpdate, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction } from '../shared/data/transaction';
import type { Page } from '../shared/pagination/cursor';
import { mapPage, queryPage } from '../shared/pagination/query-page';
import type { Webhook, WebhookWithSecret } from './webhook.model';

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
    previousSecretExpiresAt: (item.previousSecretExpiresAt as string | undefined) ?? null,
  };
}

function withSecret(item: Item): WebhookWithSecret {
  return {
    webhook: toWebhook(item),
    signingSecret: String(item.signingSecret),
    previousSigningSecret: typeof item.previousSigningSecret === 'string' ? item.previousSigningSecret : null,
  };
}

/** What updateWebhook may change; absent fields stay as they are. */
export interface WebhookChanges {
  url?: string;
  /** Who set `url`: from then on the one person shown it in full (Webhook.createdBy). Required with `url`. */
  urlSetBy?: string;
  events?: Webhook['events'];
  /** true reactivates (e.g. after a 410), false pauses deliveries. */
  active?: boolean;
}

function webhookItem(webhook: Webhook, signingSecret: string): Item {
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
    // Stored because signing needs the secret itself (see signing.ts); only the dispatcher reads it back.
    signingSecret,
    gsi1pk: coupleWebhooksPartition(webhook.coupleId),
    gsi1sk: `${webhook.createdAt}#${webhook.id}`,
  };
}

/** Data access for webhooks. */
export class WebhookRepository {
  constructor(private readonly table: TableContext) {}

  /** Stores a new webhook unless the couple already has `maxPerCouple`. */
  async create(webhook: Webhook, signingSecret: string, maxPerCouple: number): Promise<'ok' | 'limit-reached'> {
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
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: webhookItem(webhook, signingSecret),
            ConditionExpression: 'attribute_not_exists(pk)',
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
    return (await this.getWithSecret(webhookId))?.webhook ?? null;
  }

  /** A webhook and its signing secret, for delivery. */
  async getWithSecret(webhookId: string): Promise<WebhookWithSecret | null> {
    const item = await getConsistent(this.table, webhookKey(webhookId));
    return item ? withSecret(item) : null;
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
   * Every webhook of the couple with its secret, for the dispatcher. One
   * Query, no paging: a couple has at most MAX_WEBHOOKS_PER_COUPLE webhooks of
   * about 1 KB each, far below a Query page's 1 MB. The index is eventually
   * consistent: a webhook created a moment before an event may miss that
   * event, as with any subscription made "at the same time".
   */
  async allOfCouple(coupleId: string): Promise<WebhookWithSecret[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :partition',
        ExpressionAttributeValues: { ':partition': coupleWebhooksPartition(coupleId) },
      }),
    );
    return (result.Items ?? []).map(withSecret);
  }

  /** Deletes the webhook and frees its place in the couple's count. */
  async delete(webhook: Webhook): Promise<'ok' | 'not-found'> {
    const outcome = await new Transaction(this.table)
      .add({
        action: { Delete: { TableName: this.table.tableName, Key: webhookKey(webhook.id), ConditionExpression: 'attribute_exists(pk)' } },
        onFailure: 'not-found',
      })
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

  /**
   * Applies `changes` in one UpdateItem (each field its own SET, so two
   * concurrent updates of different fields both land). Returns the webhook as
   * stored afterwards, or null when it no longer exists.
   */
  async update(webhookId: string, changes: WebhookChanges, at: string): Promise<Webhook | null> {
    const set: string[] = [];
    const remove: string[] = [];
    const values: Record<string, unknown> = {};
    if (changes.url !== undefined) {
      set.push('#url = :url', 'createdBy = :urlSetBy');
      values[':url'] = changes.url;
      values[':urlSetBy'] = changes.urlSetBy;
    }
    if (changes.events !== undefined) {
      set.push('events = :events');
      values[':events'] = changes.events;
    }
    if (changes.active === true) {
      set.push('active = :true');
      values[':true'] = true;
      remove.push('deactivatedAt');
    } else if (changes.active === false) {
      set.push('active = :false', 'deactivatedAt = if_not_exists(deactivatedAt, :at)');
      values[':false'] = false;
      values[':at'] = at;
    }
    set.push('updatedAt = :at');
    values[':at'] = at;
    const { applied, attributes } = await conditionalUpdate(this.table, {
      Key: webhookKey(webhookId),
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: values,
      ...(changes.url !== undefined ? { ExpressionAttributeNames: { '#url': 'url' } } : {}),
      ReturnValues: 'ALL_NEW',
    });
    return applied && attributes ? toWebhook(attributes) : null;
  }

  /**
   * Replaces the signing secret. The current secret becomes the previous one
   * (copied inside DynamoDB, in the same UpdateItem: two concurrent rotations
   * serialize, and neither can keep a secret that was never current) and is
   * still used to sign until `previousExpiresAt`; null drops it at once. A
   * rotation during a grace period ends that period: only the secret being
   * replaced stays valid.
   */
  async rotateSecret(webhookId: string, newSecret: string, previousExpiresAt: string | null, at: string): Promise<Webhook | null> {
    const expression = previousExpiresAt
      ? 'SET previousSigningSecret = signingSecret, signingSecret = :secret, previousSecretExpiresAt = :expires, secretRotatedAt = :at'
      : 'SET signingSecret = :secret, secretRotatedAt = :at REMOVE previousSigningSecret, previousSecretExpiresAt';
    const { applied, attributes } = await conditionalUpdate(this.table, {
      Key: webhookKey(webhookId),
      UpdateExpression: expression,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':secret': newSecret, ':at': at, ...(previousExpiresAt ? { ':expires': previousExpiresAt } : {}) },
      ReturnValues: 'ALL_NEW',
    });
    return applied && attributes ? toWebhook(attributes) : null;
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
