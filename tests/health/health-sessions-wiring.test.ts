/**
 * Health roll-ups that the SESSIONS code must write, in its own transactions
 * (functions/health/health.repository.ts exports the actions). They are
 * wired at merge by the lead, since functions/sessions/ is being changed on
 * another branch; until then these stay todo. See
 * docs/reflections-and-health.md, "Integration points".
 *
 * When wiring, turn each into a test through the handler: start a session,
 * answer / complete it, then read `couple.health`.
 */
describe('health roll-ups written by sessions (integration points)', () => {
  it.todo(
    "counts a partner's FIRST answer to a prompt in their participation: SessionRepository.saveAnswer adds answerRollupAction(tableName, { coupleId, personId, answeredAt, timezone })",
  );
  it.todo('does not count answering the same prompt again (a replaced answer adds nothing)');
  it.todo(
    'counts a session completed with every partner in sessionsLast30Days: SessionService.complete adds sessionCompletedRollupAction(tableName, { coupleId, completedAt, timezone }) to the transaction that carries coupleUpdate',
  );
  it.todo('does not count a completion in which a partner did not take part (no coupleUpdate, no roll-up)');
  it.todo('turns ONE_SIDED_PARTICIPATION on when one partner answers every prompt and the other none');
});
