import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { shardedPartition } from '../shared/data/due-shards';
import { transactWrite } from '../shared/data/transact';
import type DataLoader from 'dataloader';
import { createItemLoader } from '../shared/data/item-loader';
import {
  isConditionFailure,
  sendConditionalUpdate,
  type Item,
  type Key,
  type TableContext,
} from '../shared/data/table';
import { personKey, profileCreationClauses } from '../people/person.repository';
import type { Clock } from '../shared/time/clock';
import type { Couple, Invite } from './couple.model';
import { isPaused } from './reminder-schedule';

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

/**
 * Partition of the `byDue` index for couples whose plan is paused (sort key:
 * `pausedUntil`). The sweep moves an entry back to DUE once the pause has
 * ended (functions/reminders/sweep.ts), so a paused couple is never in DUE.
 */
export const RESUME_PARTITION = 'RESUME';

/** Why a couple write was refused, for the service to turn into the right error. */
export type CoupleWriteOutcome =
  | 'ok'
  | 'person-already-in-couple'
  | 'invite-unavailable'
  | 'couple-changed'
  /** Lost a race to a concurrent transaction without any condition failing: read again and retry. */
  | 'retry';

export interface StoredInvite {
  code: string;
  coupleId: string;
  expiresAt: string;
}

/** A couple from its stored item (also from a `byDue` index entry: the index projects every attribute). */
export function toCouple(item: Item): Couple {
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
    openReminderIds: ((item.openReminderIds as string[] | undefined) ?? []).map(String),
    scheduledReminderAt: (item.scheduledReminderAt as string | undefined) ?? null,
    invite: code ? { code, expiresAt: String(item.inviteExpiresAt) } : null,
    consecutiveUnansweredReminders: Number(item.consecutiveUnansweredReminders ?? 0),
    version: Number(item.version ?? 1),
  };
}

/**
 * The full item for a couple, including the sparse due-index attributes,
 * which depend on whether the plan is paused at `now` (the write's instant).
 */
export function coupleItem(couple: Couple, now: Date): Item {
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
    openReminderIds: couple.openReminderIds?.length ? couple.openReminderIds : undefined,
    scheduledReminderAt: couple.scheduledReminderAt ?? undefined,
    inviteCode: couple.invite?.code,
    inviteExpiresAt: couple.invite?.expiresAt,
    // Round-tripped so that a whole-item Put (versionedPut) never resets the reminders' counter.
    consecutiveUnansweredReminders: couple.consecutiveUnansweredReminders || undefined,
    version: couple.version,
    ...dueIndexAttributes(couple, now),
  };
}

/**
 * The sparse index entry: only ACTIVE couples with a schedule carry
 * `duePk`/`dueAt`, so AWAITING_PARTNER and ENDED couples (and couples whose
 * reminders stopped after three unanswered ones) are never read by the
 * reminder sweep. A couple whose plan is paused at `now` sits in RESUME until
 * `pausedUntil` instead of in DUE: DUE holds exactly the couples whose
 * `nextReminderAt` is not null, keyed by it.
 */
export function dueIndexAttributes(couple: Couple, now: Date): { duePk?: string; dueAt?: string } {
  if (couple.status !== 'ACTIVE' || !couple.scheduledReminderAt) return {};
  // Sharded by the couple's id (shared/data/due-shards.ts); with one shard, exactly DUE / RESUME.
  if (isPaused(couple.plan, now)) return { duePk: shardedPartition(RESUME_PARTITION, couple.id), dueAt: couple.plan.pausedUntil as string };
  return { duePk: shardedPartition(DUE_PARTITION, couple.id), dueAt: couple.scheduledReminderAt };
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

  /** @param clock decides, at each write, whether a paused plan keeps the couple out of DUE. */
  constructor(
    private readonly table: TableContext,
    private readonly clock: Clock,
  ) {
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
    const outcome = await transactWrite<CoupleWriteOutcome | 'invite-code-taken'>(this.table, [
      { action: this.membershipUpdate(personId, couple.id, creator.displayName, couple.createdAt), onFailure: 'person-already-in-couple' },
      {
        action: { Put: { TableName: this.table.tableName, Item: coupleItem(couple, this.clock.now()), ConditionExpression: 'attribute_not_exists(pk)' } },
        onFailure: 'retry',
      },
      {
        action: { Put: { TableName: this.table.tableName, Item: inviteItem(invite, couple.id), ConditionExpression: 'attribute_not_exists(pk)' } },
        onFailure: 'invite-code-taken',
      },
    ]);
    if (outcome === 'ok') this.loader.clear(couple.id);
    return outcome;
  }

  /**
   * Adds the joiner to the couple and consumes the invite in one transaction:
   * deleting the invite only if it still exists and has not expired makes it
   * single-use, so of two people racing for one code exactly one joins.
   * (Action order sets which refusal is reported first when several apply.)
   */
  async join(
    joined: Couple,
    previous: Couple,
    joiner: { personId: string; displayName: string; inviteCode: string; now: string },
  ): Promise<CoupleWriteOutcome> {
    const outcome = await transactWrite<CoupleWriteOutcome>(this.table, [
      {
        action: {
          Delete: {
            TableName: this.table.tableName,
            Key: inviteKey(joiner.inviteCode),
            ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
            ExpressionAttributeValues: { ':now': joiner.now },
          },
        },
        onFailure: 'invite-unavailable',
      },
      { action: this.membershipUpdate(joiner.personId, joined.id, joiner.displayName, joiner.now), onFailure: 'person-already-in-couple' },
      {
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: coupleItem(joined, this.clock.now()),
            ConditionExpression: '#status = :awaiting AND version = :version',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':awaiting': 'AWAITING_PARTNER', ':version': previous.version },
          },
        },
        onFailure: 'couple-changed',
      },
    ]);
    if (outcome === 'ok') this.loader.clear(joined.id);
    return outcome;
  }

  /** Swaps the open invite for a new one; fails if the couple changed meanwhile (joined, renewed, ended). */
  async replaceInvite(updated: Couple, previous: Couple): Promise<CoupleWriteOutcome | 'invite-code-taken'> {
    const invite = updated.invite as Invite;
    const outcome = await transactWrite<CoupleWriteOutcome | 'invite-code-taken'>(this.table, [
      ...(previous.invite ? [{ action: { Delete: { TableName: this.table.tableName, Key: inviteKey(previous.invite.code) } }, onFailure: 'retry' as const }] : []),
      {
        action: { Put: { TableName: this.table.tableName, Item: inviteItem(invite, updated.id), ConditionExpression: 'attribute_not_exists(pk)' } },
        onFailure: 'invite-code-taken',
      },
      { action: this.versionedPut(updated, previous.version), onFailure: 'couple-changed' },
    ]);
    if (outcome === 'ok') this.loader.clear(updated.id);
    return outcome;
  }

  /**
   * Ends the couple and frees both partners to start another, atomically: no
   * partner is ever left pointing at an ENDED couple, nor freed while it is not.
   */
  async end(ended: Couple, previous: Couple): Promise<CoupleWriteOutcome> {
    const outcome = await transactWrite<CoupleWriteOutcome>(this.table, [
      { action: this.versionedPut(ended, previous.version), onFailure: 'couple-changed' },
      ...previous.partnerIds.map((personId) => ({
        action: {
          Update: {
            TableName: this.table.tableName,
            Key: personKey(personId),
            UpdateExpression: 'REMOVE activeCoupleId',
            ConditionExpression: 'activeCoupleId = :coupleId',
            ExpressionAttributeValues: { ':coupleId': previous.id },
          },
        },
        onFailure: 'couple-changed' as const,
      })),
      ...(previous.invite ? [{ action: { Delete: { TableName: this.table.tableName, Key: inviteKey(previous.invite.code) } }, onFailure: 'retry' as const }] : []),
    ]);
    if (outcome === 'ok') this.loader.clear(ended.id);
    return outcome;
  }

  /**
   * The update that makes `personId` a member of `coupleId` (creating the
   * person on first use) only if they are in no other non-ENDED couple: the
   * condition behind "one couple per person", under any concurrency.
   */
  private membershipUpdate(personId: string, coupleId: string, displayName: string, now: string) {
    const creation = profileCreationClauses(personId, displayName, now);
    return {
      Update: {
        TableName: this.table.tableName,
        Key: personKey(personId),
        UpdateExpression: `SET ${creation.clauses.join(', ')}, activeCoupleId = :coupleId`,
        ConditionExpression: 'attribute_not_exists(activeCoupleId)',
        ExpressionAttributeValues: { ...creation.values, ':coupleId': coupleId },
      },
    };
  }

  /** Replaces the couple item if nobody wrote it since `expectedVersion` (optimistic locking). */
  async save(updated: Couple, expectedVersion: number): Promise<CoupleWriteOutcome> {
    const update = updateAllFrom(coupleItem(updated, this.clock.now()));
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: coupleKey(updated.id),
          ...update,
          ConditionExpression: 'version = :expectedVersion',
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
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

  /**
   * Moves a couple whose pause ended by `now` from RESUME back to DUE, keyed
   * by its stored schedule (already moved past the pause when it was
   * written). Only the derived index attributes change, so no version bump:
   * every whole-item write recomputes them anyway. The condition makes it a
   * no-op when the pause was extended or lifted meanwhile. False when it did
   * not apply.
   */
  async moveResumedToDue(coupleId: string, now: Date): Promise<boolean> {
    const moved = await sendConditionalUpdate(
      this.table,
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: coupleKey(coupleId),
        UpdateExpression: 'SET duePk = :due, dueAt = scheduledReminderAt',
        // Any RESUME shard: an entry written before the shard count grew sits in its old shard.
        ConditionExpression:
          'begins_with(duePk, :resume) AND dueAt <= :now AND attribute_exists(scheduledReminderAt) AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':due': shardedPartition(DUE_PARTITION, coupleId),
          ':resume': RESUME_PARTITION,
          ':now': now.toISOString(),
          ':active': 'ACTIVE',
        },
      }),
    );
    this.loader.clear(coupleId);
    return moved;
  }

  /**
   * A transaction action that records a new open reminder on the couple
   * (appended, so it commutes with any other append) while the couple is
   * ACTIVE. It bumps the version, so a writer that read the couple before
   * recomputes and sees the reminder (a reconnect then resolves it too).
   */
  addOpenReminderAction(coupleId: string, reminderId: string) {
    return {
      Update: {
        TableName: this.table.tableName,
        Key: coupleKey(coupleId),
        UpdateExpression: 'SET openReminderIds = list_append(if_not_exists(openReminderIds, :none), :ids), version = version + :one',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':none': [], ':ids': [reminderId], ':one': 1, ':active': 'ACTIVE' },
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
        Item: coupleItem(couple, this.clock.now()),
        ConditionExpression: 'version = :expectedVersion',
        ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
      },
    };
  }
}

/** SET every present attribute and REMOVE the absent optional ones, from a full item. */
function updateAllFrom(item: Item) {
  const optional = [
    'activatedAt',
    'endedAt',
    'lastReconnectedAt',
    'scheduledReminderAt',
    'inviteCode',
    'inviteExpiresAt',
    'duePk',
    'dueAt',
    'openReminderIds',
    'consecutiveUnansweredReminders',
  ];
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
