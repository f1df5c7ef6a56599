import type { BuiltinPrompt, PromptDepth, PromptTheme } from './library/builtin-prompts';

export type { PromptDepth, PromptTheme };

/**
 * A conversation prompt. Today every prompt comes from the built-in library
 * (shipped with the code); practice prompts (a later issue) will live in the
 * table with the same shape.
 */
export type Prompt = BuiltinPrompt;

/** Every theme, in the order the library lists them. */
export const PROMPT_THEMES: readonly PromptTheme[] = [
  'VULNERABILITY',
  'TRUST',
  'LISTENING',
  'SPEAKING_TRUTH',
  'GOALS_AND_DREAMS',
  'FEELING_SAFE',
  'APPRECIATION',
  'RECONNECTING',
  'REPAIR',
  'DAILY_LIFE',
];

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
