import { DRAW_HISTORY_SESSIONS, drawPrompts, type RandomSource } from '../prompts/prompt-draw';
import type { Prompt } from '../prompts/prompt.model';
import type { PromptRepository } from '../prompts/prompt.repository';
import type { SessionRepository } from './session.repository';

/** The prompts of a couple's open care-team assignments, oldest first (the assignments domain answers it). */
export type OpenAssignmentSource = (coupleId: string) => Promise<Prompt[]>;

/** No assignments (callers that do not draw homework, e.g. unit tests). */
export const NO_ASSIGNMENTS: OpenAssignmentSource = async () => [];

/**
 * Draws `count` prompts for a couple exactly as startSession does: from its
 * latest DRAW_HISTORY_SESSIONS sessions (one Query) and its open care-team
 * assignments (drawn first), with prompt-draw.ts's rules. Shared with the
 * reminder sweep, whose suggested prompt must be "drawn as startSession would".
 */
export async function drawForCouple(
  deps: { sessions: SessionRepository; prompts: PromptRepository; random: RandomSource; assigned?: OpenAssignmentSource },
  coupleId: string,
  pool: readonly Prompt[],
  count: number,
): Promise<Prompt[]> {
  const [recent, assigned] = await Promise.all([
    deps.sessions.page(coupleId, { first: DRAW_HISTORY_SESSIONS }),
    (deps.assigned ?? NO_ASSIGNMENTS)(coupleId),
  ]);
  const history = recent.items.map(({ node: session }) =>
    session.prompts.map((p) => deps.prompts.get(p.promptId)).filter((p): p is Prompt => p !== null),
  );
  return drawPrompts({ pool, history, count, random: deps.random, assigned });
}
