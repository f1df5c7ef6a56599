import { toGlobalId } from '../../functions/shared/ids/global-id';
import { ANSWER_PROMPT, dataOf, freshCouples, startSession } from '../support/operations';
import { createPractice, grantBoth, REVOKE } from '../support/practice-operations';
import { WRITE_REFLECTION } from '../support/reflection-operations';
import { clientView, createTestApi, type TestApi } from '../support/test-api';

const CREATE_PROMPT = `mutation($input: CreatePromptInput!) { createPrompt(input: $input) { id } }`;
const ASSIGN = `mutation($input: AssignPromptInput!) { assignPrompt(input: $input) { id } }`;

/**
 * A practice's prompt is seen by its members and by couples that granted
 * the practice. To anyone else, the ids that answerPrompt and
 * writeReflection take answer as unknown ones: the error cannot tell that
 * such a prompt exists.
 */
describe('practice prompts hidden from a couple, in the writes that take a prompt id', () => {
  let api: TestApi;
  const couples = freshCouples(() => api, ['pia', 'raf']);

  beforeAll(async () => {
    api = await createTestApi('hidden-practice-prompts');
  });
  afterAll(async () => {
    await api.drop();
  });

  async function practicePrompt(admin: string): Promise<{ practiceId: string; promptId: string }> {
    const practiceId = await createPractice(api, admin);
    const input = { practiceId, text: 'What would you like more of?', theme: 'LISTENING', depth: 'LIGHT' };
    return { practiceId, promptId: dataOf(await api.as(admin, CREATE_PROMPT, { input }), 'createPrompt').createPrompt.id };
  }

  const UNKNOWN_PROMPT = toGlobalId('Prompt', 'no-such-prompt');

  it('answers answerPrompt with a hidden practice prompt as with an unknown prompt id', async () => {
    // prepare
    const { promptId } = await practicePrompt('sara');
    const { a, coupleId } = await couples();
    const session = await startSession(api, a, coupleId, { promptCount: 1 });

    // act
    const hidden = await api.as(a, ANSWER_PROMPT, { input: { sessionId: session.id, promptId, text: 'Time' } });
    const unknown = await api.as(a, ANSWER_PROMPT, { input: { sessionId: session.id, promptId: UNKNOWN_PROMPT, text: 'Time' } });

    // assert
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(clientView(hidden)).toEqual(clientView(unknown));
  });

  it('answers writeReflection with a hidden practice prompt as with an unknown prompt id, and accepts it once granted', async () => {
    // prepare
    const { practiceId, promptId } = await practicePrompt('tove');
    const { a, b, coupleId } = await couples();

    // act
    const hidden = await api.as(a, WRITE_REFLECTION, { input: { coupleId, promptId, body: 'More walks' } });
    const unknown = await api.as(a, WRITE_REFLECTION, { input: { coupleId, promptId: UNKNOWN_PROMPT, body: 'More walks' } });
    await grantBoth(api, [a, b], coupleId, practiceId);
    const granted = await api.as(a, WRITE_REFLECTION, { input: { coupleId, promptId, body: 'More walks' } });

    // assert
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(clientView(hidden)).toEqual(clientView(unknown));
    expect(granted.errors).toBeUndefined();
    expect(granted.data?.writeReflection).toMatchObject({ body: 'More walks' });
  });

  it("accepts a session's own homework prompt in writeReflection after the grant ended (the session still shows it)", async () => {
    // prepare: the practice assigns its prompt, the session draws it first, then the couple revokes the grant
    const { practiceId, promptId } = await practicePrompt('ulla');
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, practiceId);
    dataOf(await api.as('ulla', ASSIGN, { input: { coupleId, practiceId, promptId } }), 'assign');
    const session = await startSession(api, a, coupleId, { promptCount: 1 });
    dataOf(await api.as(a, REVOKE, { coupleId, practiceId }), 'revoke');

    // act
    const written = await api.as(a, WRITE_REFLECTION, { input: { coupleId, sessionId: session.id, promptId, body: 'We did it' } });

    // assert
    expect(session.prompts.map((p: { prompt: { id: string } }) => p.prompt.id)).toEqual([promptId]);
    expect(written.errors).toBeUndefined();
    expect(written.data?.writeReflection).toMatchObject({ body: 'We did it' });
  });
});
