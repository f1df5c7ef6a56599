import { requireScope, type Actor } from '../shared/auth/actor';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { newLocalId } from '../shared/ids/global-id';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { textList } from '../shared/validation/text';
import { requirePageSize, requireText } from '../shared/validation/validators';
import {
  MAX_FOLLOW_UPS,
  PRACTICE_PROMPT_PREFIX,
  PRACTICE_PROMPT_TEXT,
  matchesFilter,
  requireThemesIfGiven,
  type Prompt,
  type PromptDepth,
  type PromptFilter,
  type PromptTheme,
} from './prompt.model';
import type { PromptRepository } from './prompt.repository';

/** Cursor partition of the prompt list: one list, ordered by library position. */
const PROMPTS_PARTITION = 'PROMPTS';

export interface ListPromptsInput {
  filter?: (PromptFilter & { practiceId?: string | null }) | null;
  first?: number | null;
  after?: string | null;
}

export interface CreatePromptInput {
  practiceId: string;
  text: string;
  theme: PromptTheme;
  depth: PromptDepth;
  followUps?: readonly string[] | null;
}

/**
 * Whose practice prompts a caller sees: the practices they are a member of,
 * and those their current couple granted (active grants). Implemented by the
 * practices domain (practice-audience.ts); an interface here keeps prompts
 * free of practice rules.
 */
export interface PromptAudience {
  /** Practices whose prompts the caller may read. */
  readablePracticeIds(actor: Actor): Promise<string[]>;
  /** True when the caller is a member of the practice (writing and archiving its prompts). */
  isMember(actor: Actor, practiceId: string): Promise<boolean>;
}

const NO_AUDIENCE: PromptAudience = { readablePracticeIds: async () => [], isMember: async () => false };

/** A prompt by id if the caller may see it (archived included); null for an unknown id or a practice prompt hidden from them. */
export type VisiblePromptLookup = (actor: Actor, promptId: string) => Promise<Prompt | null>;

/**
 * Rules about prompts: who may read them and in what order. The library is
 * everyone's (with `couple:read`); a practice's prompts are for its members
 * and for couples that granted it. Writing and archiving them is for members
 * (`practice:write`); archived prompts are never deleted.
 */
export class PromptService {
  constructor(
    private readonly prompts: PromptRepository,
    private readonly audience: PromptAudience = NO_AUDIENCE,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  /** A prompt by id (archived included); null for an unknown id or a practice prompt the caller may not see. */
  async get(actor: Actor, promptId: string): Promise<Prompt | null> {
    requireScope(actor, 'couple:read');
    return this.findVisible(actor, promptId);
  }

  /**
   * {@link get} without its scope check, for the domains that check a prompt
   * id their caller sent (answerPrompt and writeReflection need a write
   * scope, not couple:read): a practice prompt the caller may not see is null,
   * as an unknown id, so that their errors cannot tell the two apart.
   */
  findVisible: VisiblePromptLookup = async (actor, promptId) => {
    const prompt = await this.prompts.load(promptId);
    if (!prompt?.practiceId) return prompt;
    return (await this.audience.readablePracticeIds(actor)).includes(prompt.practiceId) ? prompt : null;
  };

  /**
   * A page of prompts: the library in its order (stable across releases:
   * ids and their order never change, archived prompts keep their place),
   * then the prompts of the practices the caller may read, each in creation
   * order, so each prompt appears once across pages. With `practiceId`, only
   * that practice's prompts; a practice the caller may not read gives an
   * empty page, exactly like an unknown one (no existence leak).
   */
  async list(actor: Actor, input: ListPromptsInput): Promise<Page<Prompt>> {
    requireScope(actor, 'couple:read');
    const first = requirePageSize('first', input.first);
    const filter = input.filter ?? {};
    requireThemesIfGiven('filter.themes', filter.themes);
    const after = decodeCursor('after', input.after, PROMPTS_PARTITION);

    let all: readonly Prompt[];
    if (filter.practiceId !== undefined && filter.practiceId !== null) {
      const readable = await this.audience.readablePracticeIds(actor);
      all = readable.includes(filter.practiceId) ? await this.prompts.ofPractice(filter.practiceId) : [];
    } else {
      const readable = await this.audience.readablePracticeIds(actor);
      const practicePrompts = await Promise.all(readable.map((id) => this.prompts.ofPractice(id)));
      all = [...this.prompts.library(), ...practicePrompts.flat()];
    }
    return pageOf(all, filter, first, after);
  }

  /** A practice's own prompts, newest first, archived ones included; members only (empty for anyone else). */
  async ofPractice(actor: Actor, practiceId: string, input: { first?: number | null; after?: string | null }): Promise<Page<Prompt>> {
    requireScope(actor, 'practice:read');
    const first = requirePageSize('first', input.first);
    const after = decodeCursor('after', input.after, `${PROMPTS_PARTITION}#${practiceId}`);
    if (!(await this.audience.isMember(actor, practiceId))) return { items: [], hasNextPage: false };
    const prompts = (await this.prompts.ofPractice(practiceId)).reverse();
    return pageOf(prompts, { includeArchived: true }, first, after, `${PROMPTS_PARTITION}#${practiceId}`);
  }

  /** A member writes a prompt for the practice. */
  async create(actor: Actor, input: CreatePromptInput): Promise<Prompt> {
    requireScope(actor, 'practice:write');
    const text = requireText('input.text', input.text, PRACTICE_PROMPT_TEXT.min, PRACTICE_PROMPT_TEXT.max);
    const followUps = textList('input.followUps', input.followUps ?? [], { min: PRACTICE_PROMPT_TEXT.min, max: PRACTICE_PROMPT_TEXT.max });
    if (followUps.length > MAX_FOLLOW_UPS) throw new ValidationError('input.followUps', `must hold at most ${MAX_FOLLOW_UPS} questions`);
    if (!(await this.audience.isMember(actor, input.practiceId))) throw new NotFoundError('Practice', 'input.practiceId');
    const prompt = {
      id: `${PRACTICE_PROMPT_PREFIX}${newLocalId()}`,
      text,
      theme: input.theme,
      depth: input.depth,
      followUps,
      archived: false,
      practiceId: input.practiceId,
      createdAt: this.clock.now().toISOString(),
    };
    await this.prompts.create(prompt);
    return prompt;
  }

  /** A member archives one of the practice's prompts: never drawn again, still shown where it was used. */
  async archive(actor: Actor, promptId: string): Promise<Prompt> {
    requireScope(actor, 'practice:write');
    const prompt = await this.prompts.load(promptId);
    if (!prompt) throw new NotFoundError('Prompt', 'input.promptId');
    if (!prompt.practiceId) {
      if (!actor.scopes.has('couple:read')) throw new NotFoundError('Prompt', 'input.promptId');
      throw new ForbiddenError('Prompts of the built-in library are archived by a library release, not through the API');
    }
    if (!(await this.audience.isMember(actor, prompt.practiceId))) throw new NotFoundError('Prompt', 'input.promptId');
    const archived = await this.prompts.archive(promptId);
    if (!archived) throw new NotFoundError('Prompt', 'input.promptId');
    return archived;
  }
}

/** A page of `all` after the prompt named by the cursor, filtered. */
function pageOf(
  all: readonly Prompt[],
  filter: PromptFilter,
  first: number,
  after: Record<string, string | number> | undefined,
  partition = PROMPTS_PARTITION,
): Page<Prompt> {
  let start = 0;
  if (after) {
    const position = typeof after.id === 'string' ? all.findIndex((p) => p.id === after.id) : -1;
    if (position < 0) throw invalidCursor('after');
    start = position + 1;
  }
  const items: Page<Prompt>['items'] = [];
  for (let index = start; index < all.length; index += 1) {
    const prompt = all[index] as Prompt;
    if (!matchesFilter(prompt, filter)) continue;
    if (items.length === first) return { items, hasNextPage: true };
    items.push({ node: prompt, cursor: encodeCursor(partition, { id: prompt.id }) });
  }
  return { items, hasNextPage: false };
}
