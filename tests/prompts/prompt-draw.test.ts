import { drawPrompts } from '../../functions/prompts/prompt-draw';
import type { Prompt, PromptTheme } from '../../functions/prompts/prompt.model';
import { builtinPrompts } from '../../functions/prompts/library/builtin-prompts';
import { seededRandom } from '../support/seeded-random';

const LIBRARY = builtinPrompts().filter((p) => !p.archived);

function prompt(id: string, theme: PromptTheme): Prompt {
  return { id, theme, depth: 'LIGHT', text: id, followUps: [], archived: false };
}

describe('drawPrompts', () => {
  it('is deterministic under a seeded random source', () => {
    // act
    const first = drawPrompts({ pool: LIBRARY, history: [], count: 5, random: seededRandom(42) });
    const again = drawPrompts({ pool: LIBRARY, history: [], count: 5, random: seededRandom(42) });
    const otherSeed = drawPrompts({ pool: LIBRARY, history: [], count: 5, random: seededRandom(7) });

    // assert
    expect(again.map((p) => p.id)).toEqual(first.map((p) => p.id));
    expect(otherSeed.map((p) => p.id)).not.toEqual(first.map((p) => p.id));
  });

  it('spreads a draw over distinct themes while fresh themes remain', () => {
    // act
    const drawn = drawPrompts({ pool: LIBRARY, history: [], count: 10, random: seededRandom(1) });

    // assert
    expect(new Set(drawn.map((p) => p.theme)).size).toBe(10);
  });

  it('takes the least recently drawn theme first, never-drawn themes before all', () => {
    // prepare: TRUST drawn in the newest session, LISTENING two sessions ago, REPAIR never
    const pool = [prompt('t1', 'TRUST'), prompt('l1', 'LISTENING'), prompt('r1', 'REPAIR')];
    const history = [[prompt('t0', 'TRUST')], [], [prompt('l0', 'LISTENING')]];

    // act
    const drawn = drawPrompts({ pool, history, count: 3, random: seededRandom(3) });

    // assert
    expect(drawn.map((p) => p.id)).toEqual(['r1', 'l1', 't1']);
  });

  it('skips prompts drawn in the recent sessions', () => {
    // prepare
    const pool = [prompt('a', 'TRUST'), prompt('b', 'TRUST'), prompt('c', 'TRUST'), prompt('d', 'TRUST')];
    const history = [[pool[0] as Prompt], [pool[2] as Prompt]];

    // act
    const drawn = drawPrompts({ pool, history, count: 2, random: seededRandom(5) });

    // assert
    expect(drawn.map((p) => p.id).sort()).toEqual(['b', 'd']);
  });

  it('brings back the least recently drawn once the fresh pool is exhausted', () => {
    // prepare: a (newest session), b (two sessions ago), c (four sessions ago), d fresh
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => prompt(id, 'REPAIR')) as [Prompt, Prompt, Prompt, Prompt];
    const history = [[a], [], [b], [], [c]];

    // act
    const drawn = drawPrompts({ pool: [a, b, c, d], history, count: 3, random: seededRandom(9) });

    // assert
    expect(drawn.map((p) => p.id)).toEqual(['d', 'c', 'b']);
  });

  it('draws open assignments first, without repeating them', () => {
    // prepare
    const assigned = prompt('homework', 'REPAIR');
    const pool = [assigned, prompt('x', 'TRUST'), prompt('y', 'LISTENING')];

    // act
    const drawn = drawPrompts({ pool, history: [], count: 3, random: seededRandom(2), assigned: [assigned] });

    // assert
    expect(drawn[0]?.id).toBe('homework');
    expect(drawn.map((p) => p.id).sort()).toEqual(['homework', 'x', 'y']);
  });

  it('returns the whole pool when it is smaller than the count', () => {
    // act
    const drawn = drawPrompts({ pool: [prompt('only', 'TRUST')], history: [], count: 3, random: seededRandom(1) });

    // assert
    expect(drawn.map((p) => p.id)).toEqual(['only']);
  });

  it('never repeats a prompt across 20 consecutive sessions of 5 drawn from the library', () => {
    // prepare
    const random = seededRandom(11);
    const history: Prompt[][] = [];

    // act
    for (let session = 0; session < 21; session += 1) {
      history.unshift(drawPrompts({ pool: LIBRARY, history: history.slice(0, 20), count: 5, random }));
    }

    // assert: any 20 consecutive sessions of 5 would need 100 distinct prompts; the library has more
    expect(history.map((session) => session.length)).toEqual(new Array(21).fill(5));
    for (let start = 0; start + 20 <= history.length; start += 1) {
      const ids = history
        .slice(start, start + 20)
        .flat()
        .map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
