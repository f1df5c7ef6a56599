import { rollupChangesOf, withRollupChanges, type RollupAction } from '../../functions/health/rollup-change';
import type { Rollups } from '../../functions/health/health.model';

describe('roll-up changes', () => {
  it("adds a write's changes to the roll-ups read, creating the days it is the first on, without touching the input", () => {
    // prepare
    const read: Rollups = {
      personDays: [{ date: '2026-12-01', personId: 'ana', closenessSum: 6, closenessCount: 1, reflections: 1, answers: 0 }],
      coupleDays: [{ date: '2026-12-01', sessionsBothCompleted: 1 }],
    };

    // act
    const after = withRollupChanges(read, [
      { kind: 'person', date: '2026-12-01', personId: 'ana', delta: { closenessSum: -6, closenessCount: -1, reflections: -1 } },
      { kind: 'person', date: '2026-12-02', personId: 'ben', delta: { answers: 1 } },
      { kind: 'couple', date: '2026-12-01', sessionsBothCompleted: 1 },
      { kind: 'couple', date: '2026-12-02', sessionsBothCompleted: 1 },
    ]);

    // assert
    expect(after.personDays).toEqual([
      { date: '2026-12-01', personId: 'ana', closenessSum: 0, closenessCount: 0, reflections: 0, answers: 0 },
      { date: '2026-12-02', personId: 'ben', closenessSum: 0, closenessCount: 0, reflections: 0, answers: 1 },
    ]);
    expect(after.coupleDays).toEqual([
      { date: '2026-12-01', sessionsBothCompleted: 2 },
      { date: '2026-12-02', sessionsBothCompleted: 1 },
    ]);
    expect(read.personDays[0]?.closenessSum).toBe(6);
    expect(read.coupleDays[0]?.sessionsBothCompleted).toBe(1);
  });

  it('finds the roll-up changes among the actions of a write', () => {
    // prepare
    const rollup: RollupAction = {
      action: { Update: {} },
      onFailure: 'retry',
      change: { kind: 'couple', date: '2026-12-01', sessionsBothCompleted: 1 },
    };

    // act
    const changes = rollupChangesOf([{ action: { Put: {} }, onFailure: 'retry' }, rollup]);

    // assert
    expect(changes).toEqual([rollup.change]);
  });
});
