import { BUILTIN_PROMPTS } from './library/builtin-prompts';
import type { Prompt } from './prompt.model';

/** Position of every prompt of a library, built once per library (once per container for the built-in one). */
const INDEXES = new WeakMap<readonly Prompt[], ReadonlyMap<string, number>>();

function indexOf(library: readonly Prompt[]): ReadonlyMap<string, number> {
  let index = INDEXES.get(library);
  if (!index) {
    index = new Map(library.map((prompt, position) => [prompt.id, position]));
    INDEXES.set(library, index);
  }
  return index;
}

/**
 * Access to prompts. The built-in library ships as versioned data with the
 * code, so every read here is in memory: drawing and listing prompts never
 * touch the table. Practice prompts (a later issue) will be table items read
 * through this same class.
 */
export class PromptRepository {
  private readonly index: ReadonlyMap<string, number>;

  /** @param builtin the library; tests pass their own (e.g. with an archived prompt). */
  constructor(private readonly builtin: readonly Prompt[] = BUILTIN_PROMPTS) {
    this.index = indexOf(builtin);
  }

  /** A prompt by id, archived ones included (old sessions keep resolving them). */
  get(promptId: string): Prompt | null {
    const position = this.index.get(promptId);
    return position === undefined ? null : (this.builtin[position] ?? null);
  }

  /** The library in its stable order (the order of builtin-prompts.ts, which ids never change). */
  library(): readonly Prompt[] {
    return this.builtin;
  }

  /** Where `promptId` stands in the library order; undefined for an unknown id. */
  positionOf(promptId: string): number | undefined {
    return this.index.get(promptId);
  }

  /**
   * Prompts a couple's care team assigned as homework and the couple has not
   * answered yet, oldest assignment first. Practices arrive with a later
   * issue; until then there are none.
   */
  async openAssignments(_coupleId: string): Promise<Prompt[]> {
    return [];
  }
}
