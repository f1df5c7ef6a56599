import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type DataLoader from 'dataloader';
import { createItemLoader } from '../shared/data/item-loader';
import type { Item, Key, TableContext } from '../shared/data/table';
import { Transaction } from '../shared/data/transaction';
import type { Practice, PracticeMember, PracticeRole } from './practice.model';

/*
 * Items of this domain (grants and the access log: grant.repository.ts, access-log.repository.ts):
 * - practice: pk = PRACTICE#<id>, sk = PRACTICE         name, createdAt, adminCount, caseloadCount
 * - member:   pk = PRACTICE#<id>, sk = MEMBER#<personId> role, addedAt
 *             gsi1pk = PERSON#<personId>#PRACTICES, gsi1sk = <addedAt>#<practiceId> (Viewer.practices: one Query)
 */

/** Key of a practice item. */
export function practiceKey(practiceId: string): Key {
  return { pk: `PRACTICE#${practiceId}`, sk: 'PRACTICE' };
}

/** Key of one person's membership of a practice. */
export function memberKey(practiceId: string, personId: string): Key {
  return { pk: practiceKey(practiceId).pk, sk: `MEMBER#${personId}` };
}

function membershipsPartition(personId: string): string {
  return `PERSON#${personId}#PRACTICES`;
}

function toPractice(item: Item): Practice {
  return {
    id: String(item.practiceId),
    name: String(item.name),
    createdAt: String(item.createdAt),
    adminCount: Number(item.adminCount ?? 0),
    caseloadCount: Number(item.caseloadCount ?? 0),
  };
}

function toMember(item: Item): PracticeMember {
  return {
    practiceId: String(item.practiceId),
    personId: String(item.personId),
    role: item.role as PracticeRole,
    addedAt: String(item.addedAt),
  };
}

/** The item of a practice (also used to seed benchmarks). */
export function practiceItem(practice: Practice): Item {
  return {
    ...practiceKey(practice.id),
    type: 'Practice',
    practiceId: practice.id,
    name: practice.name,
    createdAt: practice.createdAt,
    adminCount: practice.adminCount,
    caseloadCount: practice.caseloadCount,
  };
}

/** The item of a membership (also used to seed benchmarks). */
export function memberItem(member: PracticeMember): Item {
  return {
    ...memberKey(member.practiceId, member.personId),
    type: 'PracticeMember',
    practiceId: member.practiceId,
    personId: member.personId,
    role: member.role,
    addedAt: member.addedAt,
    gsi1pk: membershipsPartition(member.personId),
    gsi1sk: `${member.addedAt}#${member.practiceId}`,
  };
}

/** Why a membership write was refused. */
export type MemberWriteOutcome = 'ok' | 'member-changed' | 'last-admin' | 'practice-missing' | 'retry';

/** Data access for practices and their members. One instance per request (its loaders cache reads). */
export class PracticeRepository {
  private readonly practices: DataLoader<string, Practice | null, string>;
  private readonly members: DataLoader<{ practiceId: string; personId: string }, PracticeMember | null, string>;

  constructor(private readonly table: TableContext) {
    this.practices = createItemLoader(table, practiceKey, toPractice);
    this.members = createItemLoader(table, (k: { practiceId: string; personId: string }) => memberKey(k.practiceId, k.personId), toMember);
  }

  /** A practice by id (batched and cached per request). */
  get(practiceId: string): Promise<Practice | null> {
    return this.practices.load(practiceId);
  }

  /** Strongly consistent read (counts that a write is about to rely on). */
  async getConsistent(practiceId: string): Promise<Practice | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: practiceKey(practiceId), ConsistentRead: true }),
    );
    return result.Item ? toPractice(result.Item) : null;
  }

  /** One person's membership (batched and cached per request); null when not a member. */
  member(practiceId: string, personId: string): Promise<PracticeMember | null> {
    return this.members.load({ practiceId, personId });
  }

  /** Strongly consistent membership read, before a write that depends on the role. */
  async memberConsistent(practiceId: string, personId: string): Promise<PracticeMember | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: memberKey(practiceId, personId), ConsistentRead: true }),
    );
    return result.Item ? toMember(result.Item) : null;
  }

  /** Every member of a practice, in person-id order (one Query: a practice has tens of members, not thousands). */
  async membersOf(practiceId: string): Promise<PracticeMember[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
        ExpressionAttributeValues: { ':pk': practiceKey(practiceId).pk, ':member': 'MEMBER#' },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(toMember);
  }

  /** The practices a person belongs to, oldest membership first (one Query of gsi1). */
  async membershipsOf(personId: string): Promise<PracticeMember[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': membershipsPartition(personId) },
      }),
    );
    const members = (result.Items ?? []).map(toMember);
    for (const member of members) this.members.prime({ practiceId: member.practiceId, personId: member.personId }, member);
    return members;
  }

  /** Creates a practice with its creator as first ADMIN, in one transaction (the service made sure the person exists). */
  async create(practice: Practice, creator: { personId: string }): Promise<'ok' | 'retry'> {
    const outcome = (await new Transaction(this.table)
      .add(
        ...[
          {
            action: {
              Put: {
                TableName: this.table.tableName,
                Item: practiceItem({ ...practice, adminCount: 1, caseloadCount: 0 }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            onFailure: 'retry',
          },
          {
            action: {
              Put: {
                TableName: this.table.tableName,
                Item: memberItem({ practiceId: practice.id, personId: creator.personId, role: 'ADMIN', addedAt: practice.createdAt }),
              },
            },
            onFailure: 'retry',
          },
        ],
      )
      .commit()) as 'ok' | 'retry';
    return outcome;
  }

  /**
   * Adds a member or changes a member's role, from `previous` (null: not a
   * member yet). The practice's adminCount moves in the same transaction;
   * demoting the last ADMIN fails its condition ('last-admin'), so two ADMINs
   * demoting each other at once can never leave the practice without one.
   */
  async putMember(member: PracticeMember, previous: PracticeMember | null): Promise<MemberWriteOutcome> {
    const delta = adminDelta(previous?.role ?? null, member.role);
    const outcome = (await new Transaction(this.table)
      .add(
        ...[
          {
            action: {
              Put: {
                TableName: this.table.tableName,
                Item: memberItem(member),
                ...(previous
                  ? {
                      ConditionExpression: '#role = :previousRole',
                      ExpressionAttributeNames: { '#role': 'role' },
                      ExpressionAttributeValues: { ':previousRole': previous.role },
                    }
                  : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            onFailure: 'member-changed',
          },
          { action: this.adminCountUpdate(member.practiceId, delta), onFailure: delta < 0 ? 'last-admin' : 'practice-missing' },
        ],
      )
      .commit()) as MemberWriteOutcome;
    if (outcome === 'ok')
      this.members
        .clear({ practiceId: member.practiceId, personId: member.personId })
        .prime({ practiceId: member.practiceId, personId: member.personId }, member);
    this.practices.clear(member.practiceId);
    return outcome;
  }

  /**
   * Removes a member (as read: same role); removing an ADMIN keeps at least
   * one ADMIN ('last-admin'), unless `evenLastAdmin` (erasure, when nobody
   * else is left to take over: the practice is then without members).
   */
  async removeMember(member: PracticeMember, options: { evenLastAdmin?: boolean } = {}): Promise<MemberWriteOutcome> {
    const delta = member.role === 'ADMIN' ? -1 : 0;
    const outcome = (await new Transaction(this.table)
      .add(
        ...[
          {
            action: {
              Delete: {
                TableName: this.table.tableName,
                Key: memberKey(member.practiceId, member.personId),
                ConditionExpression: '#role = :role',
                ExpressionAttributeNames: { '#role': 'role' },
                ExpressionAttributeValues: { ':role': member.role },
              },
            },
            onFailure: 'member-changed',
          },
          {
            action: this.adminCountUpdate(member.practiceId, delta, options.evenLastAdmin),
            onFailure: delta < 0 ? 'last-admin' : 'practice-missing',
          },
        ],
      )
      .commit()) as MemberWriteOutcome;
    if (outcome === 'ok')
      this.members
        .clear({ practiceId: member.practiceId, personId: member.personId })
        .prime({ practiceId: member.practiceId, personId: member.personId }, null);
    this.practices.clear(member.practiceId);
    return outcome;
  }

  /**
   * A transaction action checking that `personId` is (still) a member of the
   * practice: a care-team read commits its access-log entry with it, so a
   * member removed a moment ago reads nothing.
   */
  memberCheck(practiceId: string, personId: string) {
    return {
      ConditionCheck: {
        TableName: this.table.tableName,
        Key: memberKey(practiceId, personId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
  }

  /** A transaction action moving the practice's caseload count (with the grant that enters or leaves it). */
  caseloadCountUpdate(practiceId: string, delta: number) {
    return {
      Update: {
        TableName: this.table.tableName,
        Key: practiceKey(practiceId),
        UpdateExpression: 'ADD caseloadCount :delta',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':delta': delta },
      },
    };
  }

  /** Forgets the cached practice after another write moved its counts. */
  forget(practiceId: string): void {
    this.practices.clear(practiceId);
  }

  private adminCountUpdate(practiceId: string, delta: number, evenLastAdmin = false) {
    const keepOne = delta < 0 && !evenLastAdmin;
    return {
      Update: {
        TableName: this.table.tableName,
        Key: practiceKey(practiceId),
        UpdateExpression: 'ADD adminCount :delta',
        // Never below one ADMIN; the practice must exist (a member of nothing is not a member).
        ConditionExpression: keepOne ? 'adminCount > :one' : 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':delta': delta, ...(keepOne ? { ':one': 1 } : {}) },
      },
    };
  }
}

function adminDelta(previous: PracticeRole | null, next: PracticeRole | null): number {
  return (next === 'ADMIN' ? 1 : 0) - (previous === 'ADMIN' ? 1 : 0);
}
