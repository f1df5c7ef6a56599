import type { GrantRepository } from '../practices/grant.repository';
import type { Prompt } from '../prompts/prompt.model';
import type { PromptRepository } from '../prompts/prompt.repository';
import type { AssignmentRepository } from './assignment.repository';
import { MAX_OPEN_DRAWN } from './assignment.model';

/**
 * The prompts of a couple's OPEN assignments, oldest first, for
 * drawing: only of practices whose grant is still active, never archived
 * prompts, each prompt once, at most MAX_OPEN_DRAWN. The one rule behind
 * both `startSession` (AssignmentService.openPrompts) and the reminder
 * sweep's suggested prompt (reminders/sweep-scope.ts), which have no actor
 * in common.
 */
export async function openAssignedPrompts(
  deps: { assignments: AssignmentRepository; grants: GrantRepository; prompts: PromptRepository },
  coupleId: string,
): Promise<Prompt[]> {
  const open = await deps.assignments.open(coupleId, MAX_OPEN_DRAWN * 2);
  if (open.length === 0) return [];
  const active = new Set((await deps.grants.grantsOf(coupleId)).filter((g) => g.active).map((g) => g.practiceId));
  const prompts = await Promise.all(open.filter((a) => active.has(a.practiceId)).map((a) => deps.prompts.load(a.promptId)));
  const unique = new Map<string, Prompt>();
  for (const prompt of prompts) if (prompt && !prompt.archived && !unique.has(prompt.id)) unique.set(prompt.id, prompt);
  return [...unique.values()].slice(0, MAX_OPEN_DRAWN);
}
