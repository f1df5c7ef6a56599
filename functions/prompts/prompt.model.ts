import { ValidationError } from '../shared/errors';
import type { BuiltinPrompt, PromptDepth, PromptTheme } from './library/builtin-prompts';

export type { PromptDepth, PromptTheme };

/**
 * A conversation prompt. Today every prompt comes from the built-in library
 * (shipped with the code); practice prompts (a later issue) will live in the
 * table with the same shape.
 */
export type Prompt = BuiltinPrompt;

/** What `prompts(filter:)` and `startSession` narrow the library by. */
export interface PromptFilter {
  themes?: readonly PromptTheme[] | null;
  depth?: PromptDepth | null;
  /** Archived prompts are never drawn; listing shows them only when asked. */
  includeArchived?: boolean | null;
}

/** True when `prompt` passes `filter` (themes: any of them; depth: exactly). */
export function matchesFilter(prompt: Prompt, filter: PromptFilter): boolean {
  if (prompt.archived && !filter.includeArchived) return false;
  if (filter.themes && !filter.themes.includes(prompt.theme)) return false;
  if (filter.depth && prompt.depth !== filter.depth) return false;
  return true;
}

/** An empty theme list would match nothing: refuse it rather than return an empty page or draw. */
export function requireThemesIfGiven(field: string, themes: readonly PromptTheme[] | null | undefined): void {
  if (themes && themes.length === 0) throw new ValidationError(field, 'must name at least one theme (omit it for every theme)');
}
