import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../shared/errors';
import { Transaction } from '../shared/data/transaction';
import type DataLoader from 'dataloader';
import { createItemLoader } from '../shared/data/item-loader';
import type { Item, Key, TableContext } from '../shared/data/table';
import type { Page } from '../shared/pagination/cursor';
import { mapPage, queryIndexPage } from '../shared/pagination/query-page';
import type { AssignmentStatus, PromptAssignment } from './assignment.model';

/*
 * Assignments: pk = ASSIGNMENT#<id>, sk = ASSIGNMENT
 *   gsi1pk = COUPLE#<coupleId>#ASSIGNMENTS,          gsi1sk = <createdAt>#<id>  (all, newest first)
 *   gsi2pk = COUPLE#<coupleId>#ASSIGNMENTS#<STATUS>, gsi2sk = the same          (by status; OPEN oldest first for drawing)
 * and beside it the practice's view of it: pk = ASSIGNMENT#<id>, sk = PRACTICE_VIEW (the same attributes)
 *   gsi1pk = COUPLE#<coupleId>#ASSIGNMENTS#PRACTICE#<practiceId>,          gsi1sk = <createdAt>#<id>
 *   gsi2pk = COUPLE#<coupleId>#ASSIGNMENTS#PRACTICE#<practiceId>#<STATUS>, gsi2sk = the same
 * so that a care-team member's page (only their practice's homework) is one
 * Query with key conditions, full and with an exact hasNextPage, instead of
 * the couple's page filtered afterwards. Both items are written in the same
 * transactions (create, markDone).
 */

/** Key of an assignment. */
export function assignmentKey(assignmentId: string): Key {
  return { pk: `ASSIGNMENT#${assignmentId}`, sk: 'ASSIGNMENT' };
}

function allPartition(coupleId: string): string {
  return `COUPLE#${coupleId}#ASSIGNMENTS`;
}

function statusPartition(coupleId: string, status: AssignmentStatus): string {
  return `${allPartition(coupleId)}#${status}`;
}

/** Key of the practice's view of an assignment. */
function practiceViewKey(assignmentId: string): Key {
  return { pk: `ASSIGNMENT#${assignmentId}`, sk: 'PRACTICE_VIEW' };
}

function practicePartition(coupleId: string, practiceId: string): string {
  return `${allPartition(coupleId)}#PRACTICE#${practiceId}`;
}

function practiceStatusPartition(coupleId: string, practiceId: string, status: AssignmentStatus): string {
  return `${practicePartition(coupleId, practiceId)}#${status}`;
}

function toAssignment(item: Item): PromptAssignment {
  return {
    id: String(item.assignmentId),
    coupleId: String(item.coupleId),
    practiceId: String(item.practiceId),
    promptId: String(item.promptId),
    assignedBy: String(item.assignedBy),
    note: (item.note as string | undefined) ?? null,
    dueBy: (item.dueBy as string | undefined) ?? null,
    status: item.status as AssignmentStatus,
    createdAt: String(item.createdAt),
    completedIn: (item.completedIn as string | undefined) ?? null,
    completedAt: (item.completedAt as string | undefined) ?? null,
  };
}

function assignmentItem(a: PromptAssignment): Item {
  const sortKey = `${a.createdAt}#${a.id}`;
  return {
    ...assignmentKey(a.id),
    type: 'PromptAssignment',
    assignmentId: a.id,
    coupleId: a.coupleId,
    practiceId: a.practiceId,
    promptId: a.promptId,
    assignedBy: a.assignedBy,
    note: a.note ?? undefined,
    dueBy: a.dueBy ?? undefined,
    status: a.status,
    createdAt: a.createdAt,
    gsi1pk: allPartition(a.coupleId),
    gsi1sk: sortKey,
    gsi2pk: statusPartition(a.coupleId, a.status),
    gsi2sk: sortKey,
  };
}

function practiceViewItem(a: PromptAssignment): Item {
  return {
    ...assignmentItem(a),
    ...practiceViewKey(a.id),
    type: 'PromptAssignmentPracticeView',
    gsi1pk: practicePartition(a.coupleId, a.practiceId),
    gsi2pk: practiceStatusPartition(a.coupleId, a.practiceId, a.status),
  };
}

/** Data access for assignments. One instance per request (its loader caches reads). */
export class AssignmentRepository {
  private readonly loader: DataLoader<string, PromptAssignment | null, string>;

  constructor(private readonly table: TableContext) {
    this.loader = createItemLoader(table, assignmentKey, toAssignment);
  }

  /** An assignment by id (batched, cached). */
  get(assignmentId: string): Promise<PromptAssignment | null> {
    return this.loader.load(assignmentId);
  }

  /**
   * Stores a new assignment in one transaction with `alongside`: the checks
   * (the grant still active, the assigner still a member) and the other
   * domains' writes that go with it (the assigner's care trail): an
   * assignment never lands after a revoke. 'denied' when a check failed.
   */
  async create(assignment: PromptAssignment, alongside: readonly object[]): Promise<'ok' | 'denied' | 'retry'> {
    const outcome = (await new Transaction(this.table)
      .add(
        ...[
          {
            action: {
              Put: { TableName: this.table.tableName, Item: assignmentItem(assignment), ConditionExpression: 'attribute_not_exists(pk)' },
            },
            onFailure: 'denied',
          },
          {
            action: {
              Put: { TableName: this.table.tableName, Item: practiceViewItem(assignment), ConditionExpression: 'attribute_not_exists(pk)' },
            },
            onFailure: 'denied',
          },
          ...alongside.map((action) => ({ action, onFailure: 'denied' as const })),
        ],
      )
      .commit()) as 'ok' | 'denied' | 'retry';
    if (outcome === 'ok') this.loader.prime(assignment.id, assignment);
    return outcome;
  }

  /** A page of the couple's assignments, newest first, optionally of one status: one Query. */
  async page(coupleId: string, status: AssignmentStatus | null, first: number, after?: string | null): Promise<Page<PromptAssignment>> {
    return this.pageOf(status ? statusPartition(coupleId, status) : allPartition(coupleId), status !== null, first, after);
  }

  /** A page of one practice's assignments for the couple, newest first, optionally of one status: one Query, full pages. */
  async pageForPractice(
    coupleId: string,
    practiceId: string,
    status: AssignmentStatus | null,
    first: number,
    after?: string | null,
  ): Promise<Page<PromptAssignment>> {
    const partition = status ? practiceStatusPartition(coupleId, practiceId, status) : practicePartition(coupleId, practiceId);
    return this.pageOf(partition, status !== null, first, after);
  }

  private async pageOf(partition: string, byStatus: boolean, first: number, after?: string | null): Promise<Page<PromptAssignment>> {
    const page = await queryIndexPage(this.table, { index: byStatus ? 'gsi2' : 'gsi1', partitionKey: partition, first, after });
    return mapPage(page, toAssignment);
  }

  /** The couple's OPEN assignments, oldest first (what startSession draws first): one Query. */
  async open(coupleId: string, limit: number): Promise<PromptAssignment[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': statusPartition(coupleId, 'OPEN') },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(toAssignment);
  }

  /**
   * Marks an OPEN assignment DONE in `sessionId` (idempotent: an assignment
   * already DONE keeps its first completion). False when it was not OPEN.
   */
  async markDone(assignment: PromptAssignment, sessionId: string, at: string): Promise<boolean> {
    const update = (key: Key, gsi2pk: string) => ({
      action: {
        Update: {
          TableName: this.table.tableName,
          Key: key,
          UpdateExpression: 'SET #status = :done, completedIn = :session, completedAt = :at, gsi2pk = :gsi2pk',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'DONE', ':open': 'OPEN', ':session': sessionId, ':at': at, ':gsi2pk': gsi2pk },
        },
      },
      onFailure: 'not-open' as const,
    });
    // The assignment and the practice's view of it move together (a concurrent completion fails one and both).
    const outcome = await new Transaction(this.table)
      .add(
        update(assignmentKey(assignment.id), statusPartition(assignment.coupleId, 'DONE')),
        update(practiceViewKey(assignment.id), practiceStatusPartition(assignment.coupleId, assignment.practiceId, 'DONE')),
      )
      .commit();
    this.loader.clear(assignment.id);
    return outcome === 'ok';
  }

  /**
   * Erasure: the practice's assignments for the couple that `personId`
   * assigned keep only `replacementId` (an opaque id) as their assigner, in
   * the assignment and in the practice's view of it (one transaction each,
   * conditional on the old assigner: idempotent). Pages of 100.
   */
  async replaceAssigner(coupleId: string, practiceId: string, personId: string, replacementId: string): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const page: Page<PromptAssignment> = await this.pageForPractice(coupleId, practiceId, null, 100, after);
      for (const { node } of page.items) {
        if (node.assignedBy !== personId) continue;
        const replace = (key: Key) => ({
          action: {
            Update: {
              TableName: this.table.tableName,
              Key: key,
              UpdateExpression: 'SET assignedBy = :replacement',
              ConditionExpression: 'assignedBy = :person',
              ExpressionAttributeValues: { ':replacement': replacementId, ':person': personId },
            },
          },
          onFailure: 'already-replaced' as const,
        });
        // Both items or neither; a condition failing means a previous run already replaced them.
        let outcome: 'ok' | 'retry' | 'already-replaced' = 'retry';
        for (let attempt = 0; outcome === 'retry' && attempt < 5; attempt += 1) {
          outcome = await new Transaction(this.table).add(replace(assignmentKey(node.id)), replace(practiceViewKey(node.id))).commit();
        }
        if (outcome === 'retry')
          throw new ConflictError('Homework kept changing while the account was being erased; retry deleteMyAccount');
        this.loader.clear(node.id);
      }
      const last = page.items.at(-1);
      if (!page.hasNextPage || !last) return;
      after = last.cursor;
    }
  }

  /** Strongly consistent read. */
  async getConsistent(assignmentId: string): Promise<PromptAssignment | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: assignmentKey(assignmentId), ConsistentRead: true }),
    );
    return result.Item ? toAssignment(result.Item) : null;
  }
}
