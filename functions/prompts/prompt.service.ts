import { requireScope, type Actor } from '../shared/auth/actor';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from '../shared/pagination/cursor';
import { requirePageSize } from '../shared/validation/validators';
import { matchesFilter, requireThemesIfGiven, type Prompt, type PromptFilter } from './prompt.model';
import type { PromptRepository } from './prompt.repository';

/** Cursor partition of the prompt list: one list, ordered by library position. */
const PROMPTS_PARTITION = 'PROMPTS';

export interface ListPromptsInput {
  filter?: (PromptFilter & { practiceId?: string | null }) | null;
  first?: number | null;
  after?: string | null;
}

/**
 * Rules about prompts: who may read them and in what order. Prompts belong
 * to no couple; reading them needs the `couple:read` scope (they exist to be
 * used in a couple's sessions).
 */
export class PromptService {
  constructor(private readonly prompts: PromptRepository) {}

  /** A prompt by id (archived included); null for an unknown id. */
  get(actor: Actor, promptId: string): Prompt | null {
    requireScope(actor, 'couple:read');
    return this.prompts.get(promptId);
  }

  /**
   * A page of prompts in library order (stable across releases: ids and their
   * order never change, archived prompts keep their place), so each prompt
   * appears once across pages. The cursor is the last prompt's id.
   *
   * `practiceId`: practices do not exist yet, so no practice is visible to
   * the caller and the page is empty, exactly as for a practice the caller
   * may not see (no existence leak).
   */
  list(actor: Actor, input: ListPromptsInput): Page<Prompt> {
    requireScope(actor, 'couple:read');
    const first = requirePageSize('first', input.first);
    const filter = input.filter ?? {};
    requireThemesIfGiven('filter.themes', filter.themes);
    const start = this.startAfter(input.after);
    if (filter.practiceId !== undefined && filter.practiceId !== null) return { items: [], hasNextPage: false };

    const library = this.prompts.library();
    const items: Page<Prompt>['items'] = [];
    for (let index = start; index < library.length; index += 1) {
      const prompt = library[index] as Prompt;
      if (!matchesFilter(prompt, filter)) continue;
      if (items.length === first) return { items, hasNextPage: true };
      items.push({ node: prompt, cursor: encodeCursor(PROMPTS_PARTITION, { id: prompt.id }) });
    }
    return { items, hasNextPage: false };
  }

  /** Library index at which a page after `cursor` starts. */
  private startAfter(cursor: string | null | undefined): number {
    const key = decodeCursor('after', cursor, PROMPTS_PARTITION);
    if (!key) return 0;
    const position = typeof key.id === 'string' ? this.prompts.positionOf(key.id) : undefined;
    if (position === undefined) throw invalidCursor('after');
    return position + 1;
  }
}
