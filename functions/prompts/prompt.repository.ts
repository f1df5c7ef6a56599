import { BUILTIN_PROMPTS } from './library/builtin-prompts';
import type { Prompt } from './prompt.model';

/** Library position of every built-in prompt, built once per container. */
const LIBRARY_INDEX: ReadonlyMap<string, number> = new Map(BUILTIN_PROMPTS.map((prompt, index) => [prompt.id, index]));

/**
 * Access to prompts. The built-in library ships as versioned data with the
 * code, so every read here is in memory: drawing and listing prompts never
 * touch the table. Practice prompts (a later issue) will be table items read
 * through this same class.
 */
export class PromptRepository {
  /** A prompt by id, archived ones included (old sessions keep resolving them). */
  get(promptId: string): Prompt | null {
    const index = LIBRARY_INDEX.get(promptId);
    return index === undefined ? null : (BUILTIN_PROMPTS[index] ?? null);
  }

  /** The library in its stable order (the order of builtin-prompts.ts, which ids never change). */
  library(): readonly Prompt[] {
    return BUILTIN_PROMPTS;
  }

  /** Where `promptId` stands in the library order; undefined for an unknown id. */
  positionOf(promptId: string): number | undefined {
    return LIBRARY_INDEX.get(promptId);
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
