/**
 * Answer-then-reveal: a partner's answer reaches the caller only once the
 * caller has answered the same prompt. This is the only place the rule lives;
 * every path that returns answers (SessionPrompt.answers and waitingOn, the answerPrompt
 * payload) goes through SessionService, which applies it.
 */

/** Who is looking: a partner, or a member of a practice with an active grant (with its scope). */
export type RevealViewer = { kind: 'partner'; personId: string } | { kind: 'careTeam'; personId: string; scope: 'SUMMARY' | 'REFLECTIONS' };

export interface RevealableAnswer {
  authorId: string;
}

export interface Revealed<A> {
  /** The answers the viewer may read, in partner order. */
  answers: A[];
  /** Partners (ids, in partner order) who have not answered this prompt yet, the viewer included. */
  waitingOnIds: string[];
}

/**
 * What `viewer` may see of the answers to ONE prompt of a session:
 * - a partner: their own answer always; the other partner's only once they
 *   have answered this prompt too;
 * - the care team: nothing with SUMMARY scope; with REFLECTIONS scope every
 *   answer, but only once every partner has answered (fully revealed).
 * Who has not answered yet (waitingOn) is no text, so every viewer sees it.
 */
export function revealAnswers<A extends RevealableAnswer>(
  viewer: RevealViewer,
  partnerIds: readonly string[],
  answers: readonly A[],
): Revealed<A> {
  const byAuthor = new Map(answers.filter((a) => partnerIds.includes(a.authorId)).map((a) => [a.authorId, a]));
  const waitingOnIds = partnerIds.filter((id) => !byAuthor.has(id));
  if (viewer.kind === 'careTeam') {
    const revealed = viewer.scope === 'REFLECTIONS' && partnerIds.length > 0 && waitingOnIds.length === 0;
    return { answers: revealed ? partnerIds.map((id) => byAuthor.get(id) as A) : [], waitingOnIds };
  }
  const viewerAnswered = byAuthor.has(viewer.personId);
  const visible = partnerIds
    .filter((id) => id === viewer.personId || viewerAnswered)
    .flatMap((id) => {
      const answer = byAuthor.get(id);
      return answer ? [answer] : [];
    });
  return { answers: visible, waitingOnIds };
}
