/**
 * Answer-then-reveal: a partner's answer reaches the caller only once the
 * caller has answered the same prompt. This is the only place the rule lives;
 * every path that returns answers (SessionPrompt.answers and waitingOn, the answerPrompt
 * payload) goes through SessionService, which applies it.
 */

/** Who is looking. Care-team members (practices issue) will be a second kind here. */
export interface RevealViewer {
  kind: 'partner';
  personId: string;
}

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
 * - their own answer always;
 * - a partner's answer only once they have answered this prompt too.
 *
 * Extension point: care-team members will see answers only with the
 * REFLECTIONS scope and only once every partner has answered.
 */
export function revealAnswers<A extends RevealableAnswer>(
  viewer: RevealViewer,
  partnerIds: readonly string[],
  answers: readonly A[],
): Revealed<A> {
  const byAuthor = new Map(answers.filter((a) => partnerIds.includes(a.authorId)).map((a) => [a.authorId, a]));
  const viewerAnswered = byAuthor.has(viewer.personId);
  const visible = partnerIds
    .filter((id) => id === viewer.personId || viewerAnswered)
    .flatMap((id) => {
      const answer = byAuthor.get(id);
      return answer ? [answer] : [];
    });
  return { answers: visible, waitingOnIds: partnerIds.filter((id) => !byAuthor.has(id)) };
}
