/**
 * Health roll-ups that the sessions code writes in its own transactions:
 * a partner's first answer to a prompt counts in participation, and a
 * session completed with every partner counts in sessionsLast30Days.
 */
import { answerPrompt, COMPLETE_SESSION, createActiveCouple, startSession } from '../support/operations';
import { COUPLE_HEALTH } from '../support/reflection-operations';
import { createTestApi, type TestApi } from '../support/test-api';

describe('health roll-ups written by sessions', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('health-sessions');
  });
  afterAll(() => api.drop());

  async function health(sub: string, coupleId: string) {
    const response = await api.as(sub, COUPLE_HEALTH, { id: coupleId });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data.couple.health;
  }

  it("counts a partner's first answer to a prompt, not a replaced answer", async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'hw1', 'hw2', 'UTC');
    const session = await startSession(api, 'hw1', coupleId, { promptCount: 2 });
    const [first, second] = session.prompts.map((p: { prompt: { id: string } }) => p.prompt.id);

    // act
    await answerPrompt(api, 'hw1', session.id, first, 'one');
    await answerPrompt(api, 'hw1', session.id, first, 'one, said better');
    await answerPrompt(api, 'hw1', session.id, second, 'two');
    await answerPrompt(api, 'hw2', session.id, first, 'mine');
    await answerPrompt(api, 'hw2', session.id, second, 'mine too');
    const after = await health('hw1', coupleId);

    // assert: 2 answers each, so perfectly balanced; a replacement would make it 3 : 2
    expect(after.participationBalance).toBe(1);
    expect(after.driftSignals).not.toContain('ONE_SIDED_PARTICIPATION');
  });

  it('never counts one author twice when two replacements of a first answer race', async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'hw3', 'hw4', 'UTC');
    const session = await startSession(api, 'hw3', coupleId, { promptCount: 1 });
    const promptId = session.prompts[0].prompt.id;

    // act
    await Promise.all([1, 2, 3].map((n) => answerPrompt(api, 'hw3', session.id, promptId, `take ${n}`)));
    await answerPrompt(api, 'hw4', session.id, promptId, 'mine');
    const after = await health('hw3', coupleId);

    // assert: 1 : 1
    expect(after.participationBalance).toBe(1);
  });

  it('turns ONE_SIDED_PARTICIPATION on when one partner answers every prompt and the other none', async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'hw5', 'hw6', 'UTC');
    const session = await startSession(api, 'hw5', coupleId, { promptCount: 3 });

    // act
    for (const p of session.prompts) await answerPrompt(api, 'hw5', session.id, p.prompt.id, 'only me');
    const after = await health('hw5', coupleId);

    // assert
    expect(after.participationBalance).toBe(0);
    expect(after.driftSignals).toContain('ONE_SIDED_PARTICIPATION');
  });

  it('counts a session completed with every partner in sessionsLast30Days, and not one without', async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'hw7', 'hw8', 'UTC');
    const lonely = await startSession(api, 'hw7', coupleId, { promptCount: 1 });
    await answerPrompt(api, 'hw7', lonely.id, lonely.prompts[0].prompt.id, 'just me');
    await api.as('hw7', COMPLETE_SESSION, { id: lonely.id });
    const afterLonely = await health('hw7', coupleId);
    const together = await startSession(api, 'hw7', coupleId, { promptCount: 1 });
    const promptId = together.prompts[0].prompt.id;
    await answerPrompt(api, 'hw7', together.id, promptId, 'me');
    await answerPrompt(api, 'hw8', together.id, promptId, 'me too');

    // act
    const completed = await api.as('hw8', COMPLETE_SESSION, { id: together.id });
    const afterTogether = await health('hw7', coupleId);

    // assert
    expect(completed.errors).toBeUndefined();
    expect(afterLonely.sessionsLast30Days).toBe(0);
    expect(afterTogether.sessionsLast30Days).toBe(1);
    expect(afterTogether.daysSinceLastReconnect).toBe(0);
  });
});
