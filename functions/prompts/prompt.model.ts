import { ValidationError } from '../shared/errors';
import type { BuiltinPrompt, PromptDepth, PromptTheme } from './library/builtin-prompts';

export type { PromptDepth, PromptTheme };

/**
 * A conversation prompt: from the built-in library (shipped with the code),
 * or written by a counseling practice (a table item, `practiceId` set).
 */
export type Prompt = BuiltinPrompt & {
  /** The practice that wrote it; absent for the built-in library. */
  practiceId?: string;
  /** When a practice wrote it; absent for the built-in library. */
  createdAt?: string;
};

/** Practice prompt ids start with this, so an id alone says where a prompt lives (no table read for the library). */
export const PRACTICE_PROMPT_PREFIX = 'pp-';

/** True for the id of a practice's prompt. */
export function isPracticePromptId(promptId: string): boolean {
  return promptId.startsWith(PRACTICE_PROMPT_PREFIX);
}

/** Practice prompt text and follow-up limits, in characters (stored as sent; whitespace alone is empty). */
export const PRACTICE_PROMPT_TEXT = { min: 1, max: 500 } as const;
export const MAX_FOLLOW_UPS = 5;

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
