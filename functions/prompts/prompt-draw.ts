import type { Prompt, PromptTheme } from './prompt.model';

/** A source of uniform numbers in [0, 1): Math.random in production, a seeded PRNG in tests. */
export type RandomSource = () => number;

/** How many of a couple's latest sessions count as "recently drawn" (the contract's number). */
export const DRAW_HISTORY_SESSIONS = 20;

export interface DrawInput {
  /** The prompts that may be drawn (filters applied, archived ones removed), in library order. */
  pool: readonly Prompt[];
  /**
   * The prompts of the couple's latest sessions, newest session first; at most
   * DRAW_HISTORY_SESSIONS of them (whatever their status).
   */
  history: readonly (readonly Pick<Prompt, 'id' | 'theme'>[])[];
  /** How many prompts to draw. */
  count: number;
  random: RandomSource;
  /** Open care-team assignments: drawn before anything else, in the order given. */
  assigned?: readonly Prompt[];
}

/**
 * Draws the prompts of a new session (pure: the same input and random
 * sequence give the same draw).
 *
 * 1. Open care-team assignments first.
 * 2. Then prompts not drawn in the couple's recent sessions, spread over
 *    themes: one per theme in turn, the least recently drawn theme first
 *    (themes never drawn before come first of all), picking at random
 *    within a theme. Spreading keeps a session from being five questions
 *    about the same thing; rotating themes keeps couples from circling the
 *    same topics week after week.
 * 3. When the fresh prompts run out (narrow filters, a long history), the
 *    least recently drawn prompts come back, oldest first.
 *
 * Returns fewer than `count` prompts only when the pool itself is smaller.
 */
export function drawPrompts(input: DrawInput): Prompt[] {
  const { pool, history, count, random } = input;
  const picked: Prompt[] = [];
  const pickedIds = new Set<string>();
  const take = (prompt: Prompt): void => {
    picked.push(prompt);
    pickedIds.add(prompt.id);
  };

  for (const prompt of input.assigned ?? []) {
    if (picked.length >= count) return picked;
    if (!pickedIds.has(prompt.id)) take(prompt);
  }

  const { promptAge, themeAge } = ages(history);

  const fresh = groupByTheme(pool.filter((p) => !promptAge.has(p.id) && !pickedIds.has(p.id)));
  const themeOrder = sortByAgeOldestFirst([...fresh.keys()], (theme) => themeAge.get(theme), random);
  while (picked.length < count && fresh.size > 0) {
    for (const theme of themeOrder) {
      const group = fresh.get(theme);
      if (!group || picked.length >= count) continue;
      const [prompt] = group.splice(Math.floor(random() * group.length), 1);
      if (prompt) take(prompt);
      if (group.length === 0) fresh.delete(theme);
    }
  }

  if (picked.length < count) {
    const stale = pool.filter((p) => promptAge.has(p.id) && !pickedIds.has(p.id));
    for (const prompt of sortByAgeOldestFirst(stale, (p) => promptAge.get(p.id), random)) {
      if (picked.length >= count) break;
      take(prompt);
    }
  }
  return picked;
}

/**
 * How many sessions ago each prompt and each theme was last drawn
 * (0 = the newest session).
 */
function ages(history: DrawInput['history']) {
  const promptAge = new Map<string, number>();
  const themeAge = new Map<PromptTheme, number>();
  history.forEach((prompts, age) => {
    for (const prompt of prompts) {
      if (!promptAge.has(prompt.id)) promptAge.set(prompt.id, age);
      if (!themeAge.has(prompt.theme)) themeAge.set(prompt.theme, age);
    }
  });
  return { promptAge, themeAge };
}

function groupByTheme(prompts: readonly Prompt[]): Map<PromptTheme, Prompt[]> {
  const groups = new Map<PromptTheme, Prompt[]>();
  for (const prompt of prompts) {
    const group = groups.get(prompt.theme) ?? [];
    group.push(prompt);
    groups.set(prompt.theme, group);
  }
  return groups;
}

/**
 * Oldest first: never drawn (undefined age) before anything drawn, then the
 * larger age first. Ties are broken at random so that a new couple does not
 * always start with the library's first theme.
 */
function sortByAgeOldestFirst<T>(items: readonly T[], ageOf: (item: T) => number | undefined, random: RandomSource): T[] {
  return items
    .map((item) => ({ item, age: ageOf(item) ?? Number.POSITIVE_INFINITY, tie: random() }))
    .sort((a, b) => (a.age === b.age ? a.tie - b.tie : b.age - a.age))
    .map(({ item }) => item);
}
