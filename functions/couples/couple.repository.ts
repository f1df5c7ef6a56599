import type DataLoader from 'dataloader';
import { DUE_PARTITION, RESUME_PARTITION, dueIndexAttributes } from '../reconnect/due-index';
import { shardedPartition } from '../shared/data/due-shards';
import { createItemLoader } from '../shared/data/item-loader';
import { conditionalUpdate, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction, type LabelledAction } from '../shared/data/transaction';
import type { Clock } from '../shared/time/clock';
import { coupleKey } from './couple-keys';
import type { Couple, Invite } from './couple.model';

/** Key of an invite item: looked up by code; DynamoDB TTL deletes it after expiry. */
export function inviteKey(code: string): Key {
  return { pk: `INVITE#${code}`, sk: 'INVITE' };
}

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
    // Round-tripped so that a whole-item Put (saveAction) never resets the reminders' counter.
    consecutiveUnansweredReminders: couple.consecutiveUnansweredReminders || undefined,
    version: couple.version,
    // The couple's entry in the sparse byDue index (functions/reconnect/due-index.ts).
    ...dueIndexAttributes(couple, now),
  };
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

  /**
   * Erasure: puts `replacementId` (an opaque id) where `personId` stands in
   * the couple's partners, version-checked (a lost race re-reads; false after
   * a few). Idempotent: a couple without `personId` is left alone.
   */
  async replacePartner(coupleId: string, personId: string, replacementId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const couple = await this.getConsistent(coupleId);
      if (!couple?.partnerIds.includes(personId)) return true;
      const outcome = await new Transaction(this.table).add(this.replacePartnerAction(couple, personId, replacementId)).commit();
      this.loader.clear(coupleId);
      if (outcome === 'ok') return true;
    }
    return false;
  }

  /**
   * The transaction action of {@link replacePartner}: `couple` (as read) with
   * `replacementId` where `personId` stood, if its version has not moved.
   * Erasure commits it together with its marker, so the person's name and
   * text stop being readable through the couple at the very moment the
   * account closes.
   */
  replacePartnerAction(couple: Couple, personId: string, replacementId: string): LabelledAction<'couple-changed'> {
    return {
      action: {
        Update: {
          TableName: this.table.tableName,
          Key: coupleKey(couple.id),
          UpdateExpression: 'SET partnerIds = :partners, version = :next',
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: {
            ':partners': couple.partnerIds.map((id) => (id === personId ? replacementId : id)),
            ':next': couple.version + 1,
            ':version': couple.version,
          },
        },
      },
      onFailure: 'couple-changed',
    };
  }

  /** Strongly consistent read, before a conditional write. */
  async getConsistent(coupleId: string): Promise<Couple | null> {
    const item = await getConsistent(this.table, coupleKey(coupleId));
    return item ? toCouple(item) : null;
  }

  /**
   * A couple from its `byDue` index entry (the index projects every
   * attribute). Not cached: an index entry may lag the item, and later reads
   * of the run must see the table.
   */
  fromIndexEntry(item: Item): Couple {
    return toCouple(item);
  }

  /** An invite by code, whatever its expiry (the service decides). */
  async getInvite(code: string): Promise<StoredInvite | null> {
    const item = await getConsistent(this.table, inviteKey(code));
    if (!item) return null;
    return { code, coupleId: String(item.coupleId), expiresAt: String(item.expiresAt) };
  }

  /**
   * Creates the couple and its invite in one transaction with the creator's
   * membership (PersonRepository.joinCoupleAction), whose condition is what
   * makes "one non-ENDED couple per person" hold under concurrent
   * createCouple calls.
   */
  async create(
    couple: Couple,
    creatorMembership: LabelledAction<'person-already-in-couple'>,
  ): Promise<CoupleWriteOutcome | 'invite-code-taken'> {
    const invite = couple.invite as Invite;
    const outcome = await new Transaction(this.table)
      .add(creatorMembership)
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: coupleItem(couple, this.clock.now()),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'retry',
      })
      .add(this.invitePut(invite, couple.id))
      .commit();
    if (outcome === 'ok') this.loader.clear(couple.id);
    return outcome;
  }

  /**
   * Adds the joiner to the couple and consumes the invite in one transaction
   * with the joiner's membership (PersonRepository.joinCoupleAction):
   * deleting the invite only if it still exists and has not expired makes it
   * single-use, so of two people racing for one code exactly one joins.
   * (Action order sets which refusal is reported first when several apply.)
   */
  async join(
    joined: Couple,
    previous: Couple,
    joiner: { inviteCode: string; now: string; membership: LabelledAction<'person-already-in-couple'> },
  ): Promise<CoupleWriteOutcome> {
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Delete: {
            TableName: this.table.tableName,
            Key: inviteKey(joiner.inviteCode),
            ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
            ExpressionAttributeValues: { ':now': joiner.now },
          },
        },
        onFailure: 'invite-unavailable',
      })
      .add(joiner.membership)
      .add({
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
      })
      .commit();
    if (outcome === 'ok') this.loader.clear(joined.id);
    return outcome;
  }

  /** Swaps the open invite for a new one; fails if the couple changed meanwhile (joined, renewed, ended). */
  async replaceInvite(updated: Couple, previous: Couple): Promise<CoupleWriteOutcome | 'invite-code-taken'> {
    const outcome = await new Transaction(this.table)
      .add(...this.inviteDelete(previous))
      .add(this.invitePut(updated.invite as Invite, updated.id))
      .add(this.saveAction(updated, previous.version))
      .commit();
    if (outcome === 'ok') this.loader.clear(updated.id);
    return outcome;
  }

  /**
   * Ends the couple and, in the same transaction, frees both partners to
   * start another (PersonRepository.leaveCoupleAction for each): no partner
   * is ever left pointing at an ENDED couple, nor freed while it is not.
   */
  async end(
    ended: Couple,
    previous: Couple,
    partnersLeave: readonly LabelledAction<'couple-changed'>[],
    /** Other domains' items that end with the couple (its care-team grants); a failed condition means re-read. */
    alsoEnd: readonly LabelledAction<'retry'>[] = [],
  ): Promise<CoupleWriteOutcome> {
    const outcome = await new Transaction(this.table)
      .add(this.saveAction(ended, previous.version))
      .add(...partnersLeave)
      .add(...this.inviteDelete(previous))
      .add(...alsoEnd)
      .commit();
    if (outcome === 'ok') this.loader.clear(ended.id);
    return outcome;
  }

  /**
   * Replaces the couple item if nobody wrote it since `expectedVersion`
   * (optimistic locking), together with `alsoWrite` (other domains' items
   * that change with it, e.g. its care watch) in one transaction when given.
   */
  async save(updated: Couple, expectedVersion: number, alsoWrite: readonly LabelledAction<'retry'>[] = []): Promise<CoupleWriteOutcome> {
    if (alsoWrite.length > 0) {
      const outcome = await new Transaction(this.table)
        .add(this.saveAction(updated, expectedVersion))
        .add(...alsoWrite)
        .commit();
      if (outcome === 'ok') this.loader.clear(updated.id);
      return outcome;
    }
    const update = updateAllFrom(coupleItem(updated, this.clock.now()));
    const { applied } = await conditionalUpdate(this.table, {
      Key: coupleKey(updated.id),
      ...update,
      ConditionExpression: 'version = :expectedVersion',
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expectedVersion': expectedVersion },
    });
    if (!applied) return 'couple-changed';
    this.loader.clear(updated.id);
    return 'ok';
  }

  /**
   * The one "couple must be ACTIVE" guard of a transaction: a ConditionCheck
   * that only checks the couple is still ACTIVE, so that a write elsewhere
   * (a session starting, a reflection) cannot slip past a partner leaving.
   */
  activeCheckAction(coupleId: string): LabelledAction<'couple-changed'> {
    return {
      action: {
        ConditionCheck: {
          TableName: this.table.tableName,
          Key: coupleKey(coupleId),
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': 'ACTIVE' },
        },
      },
      onFailure: 'couple-changed',
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
    const { applied } = await conditionalUpdate(this.table, {
      Key: coupleKey(coupleId),
      UpdateExpression: 'SET duePk = :due, dueAt = scheduledReminderAt',
      // Any RESUME shard (shared/data/due-shards.ts): an entry written before the shard count grew sits in its old shard.
      ConditionExpression: 'begins_with(duePk, :resume) AND dueAt <= :now AND attribute_exists(scheduledReminderAt) AND #status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':due': shardedPartition(DUE_PARTITION, coupleId),
        ':resume': RESUME_PARTITION,
        ':now': now.toISOString(),
        ':active': 'ACTIVE',
      },
    });
    this.loader.clear(coupleId);
    return applied;
  }

  /**
   * A transaction action that records a new open reminder on the couple
   * (appended, so it commutes with any other append) while the couple is
   * ACTIVE. It bumps the version, so a writer that read the couple before
   * recomputes and sees the reminder (a reconnect then resolves it too).
   */
  addOpenReminderAction(coupleId: string, reminderId: string): LabelledAction<'couple-not-active'> {
    return {
      action: {
        Update: {
          TableName: this.table.tableName,
          Key: coupleKey(coupleId),
          UpdateExpression: 'SET openReminderIds = list_append(if_not_exists(openReminderIds, :none), :ids), version = version + :one',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':none': [], ':ids': [reminderId], ':one': 1, ':active': 'ACTIVE' },
        },
      },
      onFailure: 'couple-not-active',
    };
  }

  /** Replaces the cached read after another domain's transaction wrote the couple. */
  remember(couple: Couple): void {
    this.loader.clear(couple.id).prime(couple.id, couple);
  }

  /** A transaction action that writes `couple` only if its stored version is `expectedVersion`. */
  saveAction(couple: Couple, expectedVersion: number): LabelledAction<'couple-changed'> {
    return {
      action: {
        Put: {
          TableName: this.table.tableName,
          Item: coupleItem(couple, this.clock.now()),
          ConditionExpression: 'version = :expectedVersion',
          ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
        },
      },
      onFailure: 'couple-changed',
    };
  }

  private invitePut(invite: Invite, coupleId: string): LabelledAction<'invite-code-taken'> {
    return {
      action: {
        Put: { TableName: this.table.tableName, Item: inviteItem(invite, coupleId), ConditionExpression: 'attribute_not_exists(pk)' },
      },
      onFailure: 'invite-code-taken',
    };
  }

  /** The previous invite's deletion, if it had one (unconditional: the couple's version check covers it). */
  private inviteDelete(previous: Couple): LabelledAction<'retry'>[] {
    if (!previous.invite) return [];
    return [{ action: { Delete: { TableName: this.table.tableName, Key: inviteKey(previous.invite.code) } }, onFailure: 'retry' }];
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
  const remove = optional
    .filter((name) => item[name] === undefined)
    .map((name) => {
      names[`#${name}`] = name;
      return `#${name}`;
    });
  return {
    UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
