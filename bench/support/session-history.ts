import { builtinPrompts } from '../../functions/prompts/library/builtin-prompts';
import type { PromptAnswer, ReconnectSession } from '../../functions/sessions/session.model';
import { answerItem, sessionItem } from '../../functions/sessions/session.repository';
import { newLocalId } from '../../functions/shared/ids/global-id';
import type { Item } from '../../functions/shared/data/table';

/**
 * Items for `count` COMPLETED sessions of a couple, `promptCount` prompts
 * each, answered by both partners on `answered` of them. Built with the
 * repository's own item builders, so keys and indexes are the real ones.
 */
export function historyItems(coupleId: string, partners: [string, string], count: number, promptCount: number, answered: number) {
  const items: Item[] = [];
  const ids: string[] = [];
  const base = Date.parse('2020-01-01T19:00:00.000Z');
  for (let n = 0; n < count; n += 1) {
    const startedAt = new Date(base + n * 3_600_000).toISOString();
    const completedAt = new Date(base + n * 3_600_000 + 1_800_000).toISOString();
    const prompts = Array.from({ length: promptCount }, (_, i) => ({
      position: i + 1,
      promptId: (builtinPrompts()[(n * promptCount + i) % builtinPrompts().length] as { id: string }).id,
    }));
    const session: ReconnectSession = {
      id: newLocalId(),
      coupleId,
      status: 'COMPLETED',
      createdAt: startedAt,
      scheduledFor: null,
      startedAt,
      completedAt,
      cancelledAt: null,
      startedBy: partners[n % 2] as string,
      prompts,
      participantIds: answered > 0 ? [...partners].sort() : [],
      version: 1,
    };
    items.push(sessionItem(session));
    ids.push(session.id);
    for (const { promptId } of prompts.slice(0, answered)) {
      for (const authorId of partners) {
        const answer: PromptAnswer = {
          sessionId: session.id,
          coupleId,
          promptId,
          authorId,
          text: `What ${authorId} shared about ${promptId}: ${'a thoughtful answer '.repeat(10)}`,
          answeredAt: completedAt,
        };
        items.push(answerItem(answer));
      }
    }
  }
  return { items, ids };
}
