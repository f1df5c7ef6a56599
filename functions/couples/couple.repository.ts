import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type DataLoader from 'dataloader';
import { createItemLoader } from '../shared/data/item-loader';
import {
  failedConditions,
  isConditionFailure,
  type Item,
  type Key,
  type TableContext,
} from '../shared/data/table';
import { personKey, profileCreationClauses } from '../people/person.repository';
import type { Couple, Invite } from './couple.model';

/** Key of a couple item. Sessions, reflections and reminders hang off the couple through GSIs. */
export function coupleKey(coupleId: string): Key {
  return { pk: `COUPLE#${coupleId}`, sk: 'COUPLE' };
}

/** Key of an invite item: looked up by code; DynamoDB TTL deletes it after expiry. */
export function inviteKey(code: string): Key {
  return { pk: `INVITE#${code}`, sk: 'INVITE' };
}

/** Partition of the sparse `byDue` index: present only while a reminder is scheduled. */
export const DUE_PARTITION = 'DUE';

/** Why a couple write was refused, for the service to turn into the right error. */
export type CoupleWriteOutcome =
  | 'ok'
  | 'person-already-in-couple'
  | 'invite-unavailable'
  | 'couple-changed';

export interface StoredInvite {
  code: string;
  coupleId: string;
  expiresAt: string;
}

function toCouple(item: Item): Couple {
  const code = item.inviteCode as string | undefined;
  return {
    id: String(item.coupleId),
    status: item.status as Couple['status'],
    partnerIds: (item.partnerIds as string[]) ?? [],
    createdAt: String(item.createdAt),
    activatedAt: (item.activatedAt as string | undefined) ?? null,
    endedAt: (item.endedAt as string | undefined) ?? null,
    plan: {
      ...(item.plan as Couple['plan']),
      pausedUntil: ((item.plan as Item | undefined)?.pausedUntil as string | undefined) ?? null,
    },
    lastReconnectedAt: (item.lastReconnectedAt as string | undefined) ?? null,
    scheduledReminderAt: (item.scheduledReminderAt as string | undefined) ?? null,
    invite: code ? { code, expiresAt: String(item.inviteExpiresAt) } : null,
    consecutiveUnansweredReminders: Number(item.consecutiveUnansweredReminders ?? 0),
    version: Number(item.version ?? 1),
  };
}

/** The full item for a couple, including the sparse due-index attributes. */
export function coupleItem(couple: Couple): Item {
  return {
    ...coupleKey(couple.id),
    type: 'Couple',
    coupleId: couple.id,
    status: couple.status,
    partnerIds: couple.partnerIds,
    createdAt: couple.createdAt,
    activatedAt: couple.activatedAt ?? undefined,
    endedAt: couple.endedAt ?? undefined,
    plan: { ...couple.plan, pausedUntil: couple.plan.pausedUntil ?? undefined },
    lastReconnectedAt: couple.lastReconnectedAt ?? undefined,
    scheduledReminderAt: couple.scheduledReminderAt ?? undefined,
    inviteCode: couple.invite?.code,
    inviteExpiresAt: couple.invite?.expiresAt,
    // Round-tripped so that a whole-item Put (versionedPut) never resets the reminders' counter.
    consecutiveUnansweredReminders: couple.consecutiveUnansweredReminders || undefined,
    version: couple.version,
    ...dueIndexAttributes(couple),
  };
}

/**
 * The sparse index entry: only ACTIVE couples with a schedule carry
 * `duePk`/`dueAt`, so AWAITING_PARTNER and ENDED couples are never read by
 * the reminder sweep.
 */
export function dueIndexAttributes(couple: Couple): { duePk?: string; dueAt?: string } {
  if (couple.status !== 'ACTIVE' || !couple.scheduledReminderAt) return {};
  return { duePk: DUE_PARTITION, dueAt: couple.scheduledReminderAt };
}

function inviteItem(invite: Invite, coupleId: string): Item {
  return {
    ...inviteKey(invite.code),
    type: 'Invite',
    code: invite.code,
    coupleId,
    expiresAt: invite.expiresAt,
    // DynamoDB TTL wants epoch seconds; it deletes within days, so reads also check expiresAt.
    ttl: Math.floor(Date.parse(invite.expiresAt) / 1000),
  };
}

/** Data access for couples and invites. One instance per request. */
export class CoupleRepository {
  private readonly loader: DataLoader<string, Couple | null, string>;

  constructor(private readonly table: TableContext) {
    this.loader = createItemLoader(table, coupleKey, toCouple);
  }

  /** A couple by id (batched and cached per request). */
  get(coupleId: string): Promise<Couple | null> {
    return this.loader.load(coupleId);
  }

  /** Strongly consistent read, before a conditional write. */
  async getConsistent(coupleId: string): Promise<Couple | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: coupleKey(coupleId), ConsistentRead: true }),
    );
    return result.Item ? toCouple(result.Item) : null;
  }

  /** An invite by code, whatever its expiry (the service decides). */
  async getInvite(code: string): Promise<StoredInvite | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: inviteKey(code), ConsistentRead: true }),
    );
    if (!result.Item) return null;
    return { code, coupleId: String(result.Item.coupleId), expiresAt: String(result.Item.expiresAt) };
  }

  /**
   * Creates the couple, its invite and the creator's membership in one
   * transaction. The membership update's condition is what makes "one
   * non-ENDED couple per person" hold under concurrent createCouple calls.
   */
  async create(couple: Couple, creator: { displayName: string }): Promise<CoupleWriteOutcome | 'invite-code-taken'> {
    const invite = couple.invite as Invite;
    const personId = couple.partnerIds[0] as string;
    const creation = profileCreationClauses(personId, creator.displayName, couple.createdAt);
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table.tableName,
                Key: personKey(personId),
                UpdateExpression: `SET ${creation.clauses.join(', ')}, activeCoupleId = :coupleId`,
                ConditionExpression: 'attribute_not_exists(activeCoupleId)',
                ExpressionAttributeValues: { ...creation.values, ':coupleId': couple.id },
              },
            },
            {
              Put: {
                TableName: this.table.tableName,
                Item: coupleItem(couple),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table.tableName,
                Item: inviteItem(invite, couple.id),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) return 'person-already-in-couple';
      if (failed?.includes(2)) return 'invite-code-taken';
      throw error;
    }
    this.loader.clear(couple.id);
    return 'ok';
  }

  /**
   * Adds the joiner to the couple and consumes the invite in one transaction:
   * deleting the invite only if it still exists and has not expired makes it
   * single-use, so of two people racing for one code exactly one joins.
   */
  async join(
    joined: Couple,
    previous: Couple,
    joiner: { personId: string; displayName: string; inviteCode: string; now: string },
  ): Promise<CoupleWriteOutcome> {
    const creation = profileCreationClauses(joiner.personId, joiner.displayName, joiner.now);
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.table.tableName,
                Key: inviteKey(joiner.inviteCode),
                ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
                ExpressionAttributeValues: { ':now': joiner.now },
              },
            },
            {
              Put: {
                TableName: this.table.tableName,
                Item: coupleItem(joined),
                ConditionExpression: '#status = :awaiting AND version = :version',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':awaiting': 'AWAITING_PARTNER', ':version': previous.version },
              },
            },
            {
              Update: {
                TableName: this.table.tableName,
                Key: personKey(joiner.personId),
                UpdateExpression: `SET ${creation.clauses.join(', ')}, activeCoupleId = :coupleId`,
                ConditionExpression: 'attribute_not_exists(activeCoupleId)',
                ExpressionAttributeValues: { ...creation.values, ':coupleId': joined.id },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.includes(0)) return 'invite-unavailable';
      if (failed?.includes(2)) return 'person-already-in-couple';
      if (failed?.includes(1)) return 'couple-changed';
      throw error;
    }
    this.loader.clear(joined.id);
    return 'ok';
  }

  /** Swaps the open invite for a new one; fails if the couple changed meanwhile (joined, renewed, ended). */
  async replaceInvite(updated: Couple, previous: Couple): Promise<CoupleWriteOutcome | 'invite-code-taken'> {
    const invite = updated.invite as Invite;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...(previous.invite
              ? [{ Delete: { TableName: this.table.tableName, Key: inviteKey(previous.invite.code) } }]
              : []),
            {
              Put: {
                TableName: this.table.tableName,
                Item: inviteItem(invite, updated.id),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            this.versionedPut(updated, previous.version),
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditions(error);
      const offset = previous.invite ? 1 : 0;
      if (failed?.includes(offset)) return 'invite-code-taken';
      if (failed?.includes(offset + 1)) return 'couple-changed';
      throw error;
    }
    this.loader.clear(updated.id);
    return 'ok';
  }

  /**
   * Ends the couple and frees both partners to start another, atomically: no
   * partner is ever left pointing at an ENDED couple, nor freed while it is not.
   */
  async end(ended: Couple, previous: Couple): Promise<CoupleWriteOutcome> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            this.versionedPut(ended, previous.version),
            ...previous.partnerIds.map((personId) => ({
              Update: {
                TableName: this.table.tableName,
                Key: personKey(personId),
                UpdateExpression: 'REMOVE activeCoupleId',
                ConditionExpression: 'activeCoupleId = :coupleId',
                ExpressionAttributeValues: { ':coupleId': previous.id },
              },
            })),
            ...(previous.invite
              ? [{ Delete: { TableName: this.table.tableName, Key: inviteKey(previous.invite.code) } }]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (failedConditions(error)?.length) return 'couple-changed';
      throw error;
    }
    this.loader.clear(ended.id);
    return 'ok';
  }

  /** Replaces the couple item if nobody wrote it since `expectedVersion` (optimistic locking). */
  async save(updated: Couple, expectedVersion: number): Promise<CoupleWriteOutcome> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: coupleKey(updated.id),
          ...updateAllFrom(coupleItem(updated)),
          ConditionExpression: 'version = :expectedVersion',
          ExpressionAttributeValues: {
            ...updateAllFrom(coupleItem(updated)).ExpressionAttributeValues,
            ':expectedVersion': expectedVersion,
          },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return 'couple-changed';
      throw error;
    }
    this.loader.clear(updated.id);
    return 'ok';
  }

  /**
   * A transaction action that only checks the couple is still ACTIVE, so that
   * a write elsewhere (a session starting) cannot slip past a partner leaving.
   */
  activeCheck(coupleId: string) {
    return {
      ConditionCheck: {
        TableName: this.table.tableName,
        Key: coupleKey(coupleId),
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'ACTIVE' },
      },
    };
  }

  /** Replaces the cached read after another domain's transaction wrote the couple. */
  remember(couple: Couple): void {
    this.loader.clear(couple.id).prime(couple.id, couple);
  }

  /** A transaction action that writes `couple` only if its stored version is `expectedVersion`. */
  versionedPut(couple: Couple, expectedVersion: number) {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: coupleItem(couple),
        ConditionExpression: 'version = :expectedVersion',
        ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
      },
    };
  }
}

/** SET every present attribute and REMOVE the absent optional ones, from a full item. */
function updateAllFrom(item: Item) {
  const optional = ['activatedAt', 'endedAt', 'lastReconnectedAt', 'scheduledReminderAt', 'inviteCode', 'inviteExpiresAt', 'duePk', 'dueAt'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const set: string[] = [];
  for (const [name, value] of Object.entries(item)) {
    if (name === 'pk' || name === 'sk' || value === undefined) continue;
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    set.push(`#${name} = :${name}`);
  }
  const remove = optional.filter((name) => item[name] === undefined).map((name) => {
    names[`#${name}`] = name;
    return `#${name}`;
  });
  return {
    UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
