import type { LabelledAction } from '../shared/data/transaction';
import type { PersonDay, Rollups } from './health.model';

/** The numbers of a partner's day that writes ADD to. */
export type PersonDayField = 'closenessSum' | 'closenessCount' | 'reflections' | 'answers';

/**
 * What one roll-up action ADDs, as a value: the drift tracker applies it to
 * the roll-ups it read, so that a write's own transaction can carry the
 * drift level as of after that write (functions/care/drift-tracker.ts).
 */
export type RollupChange =
  | { kind: 'person'; date: string; personId: string; delta: Partial<Record<PersonDayField, number>> }
  | { kind: 'couple'; date: string; sessionsBothCompleted: number };

/** A roll-up action that also says what it adds (HealthRepository builds them; the transaction reads only `action`). */
export interface RollupAction extends LabelledAction<'retry'> {
  change: RollupChange;
}

/** The roll-up changes among a write's actions (the others are not roll-ups). */
export function rollupChangesOf(actions: readonly object[]): RollupChange[] {
  return actions.flatMap((action) => ('change' in action ? [(action as RollupAction).change] : []));
}

/** `rollups` with `changes` added, as the Query would return them once the write committed (a new array; the input is not touched). */
export function withRollupChanges(rollups: Rollups, changes: readonly RollupChange[]): Rollups {
  const personDays = rollups.personDays.map((day) => ({ ...day }));
  const coupleDays = rollups.coupleDays.map((day) => ({ ...day }));
  for (const change of changes) {
    if (change.kind === 'couple') {
      const day = coupleDays.find((d) => d.date === change.date);
      if (day) day.sessionsBothCompleted += change.sessionsBothCompleted;
      else coupleDays.push({ date: change.date, sessionsBothCompleted: change.sessionsBothCompleted });
      continue;
    }
    let day = personDays.find((d) => d.date === change.date && d.personId === change.personId);
    if (!day) {
      day = { date: change.date, personId: change.personId, closenessSum: 0, closenessCount: 0, reflections: 0, answers: 0 } as PersonDay;
      personDays.push(day);
    }
    for (const [field, amount] of Object.entries(change.delta) as [PersonDayField, number][]) day[field] += amount;
  }
  return { personDays, coupleDays };
}
