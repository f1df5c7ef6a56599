import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalUpdate, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction } from '../shared/data/transaction';
import type { Page } from '../shared/pagination/cursor';
import { mapPage, queryIndexPage } from '../shared/pagination/query-page';
import { ownerOf, type Webhook, type WebhookOwner } from './webhook.model';

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
function webhookCountKey(owner: WebhookOwner): Key {
  return { pk: owner.kind === 'couple' ? `COUPLE#${owner.id}` : `PRACTICE#${owner.id}`, sk: 'WEBHOOK_COUNT' };
}

/** gsi1 partition listing an owner's webhooks (a couple's, or a practice's: `PRACTICE#<id>#WEBHOOKS`). */
function ownerPartition(owner: WebhookOwner): string {
  return owner.kind === 'couple' ? coupleWebhooksPartition(owner.id) : `PRACTICE#${owner.id}#WEBHOOKS`;
}

function toWebhook(item: Item): Webhook {
  return {
    id: String(item.webhookId),
    url: String(item.url),
    events: item.events as Webhook['events'],
    coupleId: (item.coupleId as string | undefined) ?? null,
    practiceId: (item.practiceId as string | undefined) ?? null,
    createdBy: typeof item.createdBy === 'string' ? item.createdBy : null,
    active: item.active === true,
    createdAt: String(item.createdAt),
    deactivatedAt: (item.deactivatedAt as string | undefined) ?? null,
    previousSecretExpiresAt: (item.previousSecretExpiresAt as string | undefined) ?? null,
  };
}

/**
 * The webhook's sealed signing secrets (secret-context.ts) live in their own
 * item beside the webhook, with no index attributes: the webhook item is in
 * gsi1 (projection ALL), and a secret must never be copied into an index.
 */
function signingSecretKey(webhookId: string): Key {
  return { pk: `WEBHOOK#${webhookId}`, sk: 'SIGNING_SECRET' };
}

/** A webhook's signing secrets as stored: sealed (SecretSealer), the previous one only during a rotation's grace period. */
export interface SealedSecrets {
  sealedSecret: string;
  previousSealedSecret: string | null;
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

function webhookItem(webhook: Webhook): Item {
  return {
    ...webhookKey(webhook.id),
    type: 'Webhook',
    webhookId: webhook.id,
    url: webhook.url,
    events: webhook.events,
    coupleId: webhook.coupleId ?? undefined,
    practiceId: webhook.practiceId ?? undefined,
    ...(webhook.createdBy ? { createdBy: webhook.createdBy } : {}),
    active: webhook.active,
    createdAt: webhook.createdAt,
    gsi1pk: ownerPartition(ownerOf(webhook)),
    gsi1sk: `${webhook.createdAt}#${webhook.id}`,
  };
}

/** Data access for webhooks. */
export class WebhookRepository {
  constructor(private readonly table: TableContext) {}

  /**
   * Stores a new webhook unless the couple already has `maxPerCouple`.
   * 'retry': the transaction lost a race on the owner's count item to a
   * concurrent create or delete and wrote nothing; running it again is safe.
   */
  async create(webhook: Webhook, sealedSecret: string, maxPerCouple: number): Promise<'ok' | 'limit-reached' | 'retry'> {
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Update: {
            TableName: this.table.tableName,
            Key: webhookCountKey(ownerOf(webhook)),
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
    if (outcome.failed.length === 0) return 'retry';
    // 'id-taken': a fresh random id already in use is a bug, not a race.
    throw new Error(`Webhook ${webhook.id} could not be stored (${outcome.failed.join(', ')})`);
  }

  /** A webhook by id (strongly consistent: deletes and deactivations show at once). */
  async get(webhookId: string): Promise<Webhook | null> {
    const item = await getConsistent(this.table, webhookKey(webhookId));
    return item ? toWebhook(item) : null;
  }

  /** The webhook's sealed signing secrets, for the dispatcher to open and sign with; null once deleted. */
  async getSealedSecrets(webhookId: string): Promise<SealedSecrets | null> {
    const item = await getConsistent(this.table, signingSecretKey(webhookId));
    if (typeof item?.sealedSecret !== 'string') return null;
    return {
      sealedSecret: item.sealedSecret,
      previousSealedSecret: typeof item.previousSealedSecret === 'string' ? item.previousSealedSecret : null,
    };
  }

  /** A page of the couple's webhooks, newest first. */
  async listByCouple(coupleId: string, first: number, after?: string | null): Promise<Page<Webhook>> {
    const partition = coupleWebhooksPartition(coupleId);
    const page = await queryIndexPage(this.table, { index: 'gsi1', partitionKey: partition, first, after });
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
    return this.allOf({ kind: 'couple', id: coupleId });
  }

  /** Every webhook of an owner (a practice has at most MAX_WEBHOOKS_PER_PRACTICE). */
  async allOf(owner: WebhookOwner): Promise<Webhook[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :partition',
        ExpressionAttributeValues: { ':partition': ownerPartition(owner) },
      }),
    );
    return (result.Items ?? []).map(toWebhook);
  }

  /**
   * Erasure: the owner's webhooks that `personId` created stay with the
   * couple or practice but lose their creator (everyone then sees the URL's
   * origin only). One conditional UpdateItem per such webhook; idempotent.
   */
  async forgetCreator(owner: WebhookOwner, personId: string): Promise<void> {
    for (const webhook of await this.allOf(owner)) {
      if (webhook.createdBy !== personId) continue;
      await conditionalUpdate(this.table, {
        Key: webhookKey(webhook.id),
        UpdateExpression: 'REMOVE createdBy',
        ConditionExpression: 'createdBy = :person',
        ExpressionAttributeValues: { ':person': personId },
      });
    }
  }

  /**
   * Deletes the webhook and frees its place in the couple's count. 'retry':
   * it lost a race (a concurrent create or delete on the count item, an
   * update or deactivation of the webhook) and deleted nothing.
   */
  async delete(webhook: Webhook): Promise<'ok' | 'not-found' | 'retry'> {
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
            Key: webhookCountKey(ownerOf(webhook)),
            UpdateExpression: 'ADD webhookCount :minusOne',
            ExpressionAttributeValues: { ':minusOne': -1 },
          },
        },
        onFailure: 'count-changed',
      })
      .commitReportingAll();
    if (outcome.committed) return 'ok';
    // Only the webhook's own Delete has a condition: any other refusal is a lost race.
    return outcome.failed.includes('not-found') ? 'not-found' : 'retry';
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
   * Replaces the sealed signing secret. The current one becomes the previous
   * one (copied inside DynamoDB, in one transaction with the webhook's grace
   * period: two concurrent rotations serialize, and neither can keep a secret
   * that was never current) and still signs until `previousExpiresAt`; null
   * drops it at once. A rotation during a grace period ends that period.
   * Null when the webhook is gone; 'retry' when a concurrent rotation (or
   * another write of the webhook) won this round and nothing was written:
   * running it again rotates on top of the winner's secret.
   */
  async rotateSecret(
    webhookId: string,
    newSealedSecret: string,
    previousExpiresAt: string | null,
    at: string,
  ): Promise<Webhook | null | 'retry'> {
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Update: {
            TableName: this.table.tableName,
            Key: webhookKey(webhookId),
            UpdateExpression: previousExpiresAt
              ? 'SET previousSecretExpiresAt = :expires, secretRotatedAt = :at'
              : 'SET secretRotatedAt = :at REMOVE previousSecretExpiresAt',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at, ...(previousExpiresAt ? { ':expires': previousExpiresAt } : {}) },
          },
        },
        onFailure: 'not-found',
      })
      .add({
        action: {
          Update: {
            TableName: this.table.tableName,
            Key: signingSecretKey(webhookId),
            UpdateExpression: previousExpiresAt
              ? 'SET previousSealedSecret = sealedSecret, sealedSecret = :secret'
              : 'SET sealedSecret = :secret REMOVE previousSealedSecret',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':secret': newSealedSecret },
          },
        },
        onFailure: 'not-found',
      })
      .commit();
    if (outcome === 'ok') return this.get(webhookId);
    return outcome === 'not-found' ? null : 'retry';
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
