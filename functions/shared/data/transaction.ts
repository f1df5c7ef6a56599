import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { failedConditions, isTransactionConflict, type TableContext } from './table';

/**
 * One action of a TransactWriteItems request (a Put, Update, Delete or
 * ConditionCheck on the table), and what it means when its condition fails.
 * Each domain's repository builds the actions on its own items and labels
 * them; nobody else builds actions on those items.
 */
export interface LabelledAction<Label extends string = string> {
  action: object;
  onFailure: Label;
}

/** DynamoDB's limit on the actions of one TransactWriteItems request. */
export const MAX_TRANSACTION_ACTIONS = 100;

/** What a refused transaction reports: every label whose condition failed; none when it lost a race to a concurrent transaction. */
export type Refusal<Label extends string> = { committed: false; failed: Label[] };

/**
 * The one way to write several items atomically: repositories add their
 * labelled actions, and `commit` runs them as ONE TransactWriteItems request
 * (all or nothing, at most 100 actions).
 *
 * ```ts
 * const outcome = await new Transaction(table)
 *   .add(sessions.saveAction(completed, session))
 *   .add(couples.saveAction(reconnected, couple.version))
 *   .add(...reminders.resolveActions(ids, now))
 *   .commit();
 * ```
 */
export class Transaction<Label extends string = never> {
  private readonly actions: LabelledAction[] = [];

  constructor(private readonly table: TableContext) {}

  /** Adds actions, in order (the order decides which refusal `commit` names first). */
  add<L extends string>(...actions: readonly LabelledAction<L>[]): Transaction<Label | L> {
    this.actions.push(...actions);
    return this as Transaction<Label | L>;
  }

  /** How many actions the transaction holds so far. */
  get size(): number {
    return this.actions.length;
  }

  /**
   * Commits and names why it was refused: 'ok', else the label of the first
   * action whose condition failed, else 'retry' when it lost a race to a
   * concurrent transaction without any condition failing (the caller re-reads
   * and decides again). Any other error is thrown.
   */
  async commit(): Promise<'ok' | 'retry' | Label> {
    const error = await this.send();
    if (!error) return 'ok';
    if (isTransactionConflict(error)) return 'retry';
    const first = failedConditions(error)?.[0];
    if (first === undefined) throw error;
    return (this.actions[first]?.onFailure ?? 'retry') as Label;
  }

  /**
   * Commits and, when refused, reports every failed label (several may fail
   * together, and some callers decide on the combination); an empty list
   * means it lost a race to a concurrent transaction without any condition
   * failing (read again and retry, e.g. with retryLostRaces). Any other error,
   * a cancellation for another reason (an item too large, throttling) included,
   * is thrown, as `commit` does: retrying it would only end in a misleading CONFLICT.
   */
  async commitReportingAll(): Promise<{ committed: true } | Refusal<Label>> {
    const error = await this.send();
    if (!error) return { committed: true };
    const failed = failedConditions(error);
    if (failed === null || (failed.length === 0 && !isTransactionConflict(error))) throw error;
    return { committed: false, failed: failed.map((index) => (this.actions[index]?.onFailure ?? 'retry') as Label) };
  }

  private async send(): Promise<unknown> {
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: this.actions.map((a) => a.action) as never }));
      return null;
    } catch (error) {
      return error ?? new Error('TransactWriteItems failed');
    }
  }
}
