/**
 * The contract's "Text input" rule, tried as an attacker would, through the
 * real handler: every free-text field refuses lone surrogates and control
 * characters (other than newline and tab) with BAD_USER_INPUT naming the
 * field, and nothing is stored.
 */
import { ANSWER_PROMPT, dataOf, freshCouples, JOIN_COUPLE, startSession } from '../support/operations';
import { COUPLE_REFLECTIONS, WRITE_REFLECTION, writeReflection, REVISE_REFLECTION } from '../support/reflection-operations';
import { createTestApi, errorCodes, type GraphqlResponse, type TestApi } from '../support/test-api';
import { CREATE_WEBHOOK } from '../support/webhooks';

const UPDATE_PROFILE = 'mutation($name: String!) { updateProfile(input: { displayName: $name }) { displayName } }';
const MY_NAME = '{ me { person { displayName } } }';
const SESSION_ANSWERS = 'query($id: ID!) { session(id: $id) { prompts { answers { text } } } }';

/** Hostile strings and the character each message must name. */
const HOSTILE: [label: string, value: string, named: string][] = [
  ['NUL', 'ab\u0000cd', 'U+0000'],
  ['an ANSI escape', 'ab\u001b[2Jcd', 'U+001B'],
  ['a lone surrogate', 'ab\ud800cd', 'U+D800'],
  ['a backspace', 'ab\u0008cd', 'U+0008'],
];

function expectRefused(response: GraphqlResponse, field: string, named: string): void {
  expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.errors?.[0]?.extensions?.field).toBe(field);
  expect(response.errors?.[0]?.message).toContain(named);
}

describe('text input', () => {
  let api: TestApi;
  const couples = freshCouples(() => api, ['tara', 'tom']);

  beforeAll(async () => {
    api = await createTestApi('textin');
  });
  afterAll(() => api.drop());

  it.each(HOSTILE)('updateProfile refuses a displayName with %s and keeps the old name', async (_label, value, named) => {
    // prepare
    dataOf(await api.as('tessa', UPDATE_PROFILE, { name: 'Tessa' }), 'updateProfile');

    // act
    const response = await api.as('tessa', UPDATE_PROFILE, { name: value });

    // assert
    expectRefused(response, 'input.displayName', named);
    expect(dataOf(await api.as('tessa', MY_NAME), 'me').me.person.displayName).toBe('Tessa');
  });

  it('keeps newline-free names with emoji and accents as sent', async () => {
    // act
    const response = await api.as('tessa', UPDATE_PROFILE, { name: 'Tessa 💜 Müller' });

    // assert
    expect(dataOf(response, 'updateProfile').updateProfile.displayName).toBe('Tessa 💜 Müller');
  });

  it.each(HOSTILE)('writeReflection refuses a body with %s and stores nothing', async (_label, value, named) => {
    // prepare
    const { a, coupleId } = await couples();

    // act
    const response = await api.as(a, WRITE_REFLECTION, { input: { coupleId, body: value } });

    // assert
    expectRefused(response, 'input.body', named);
    const history = dataOf(await api.as(a, COUPLE_REFLECTIONS, { id: coupleId }), 'history');
    expect(history.couple.reflections.edges).toEqual([]);
  });

  it('reviseReflection refuses a body with NUL and keeps version 1', async () => {
    // prepare
    const { a, coupleId } = await couples();
    const reflection = await writeReflection(api, a, coupleId, { body: 'First thoughts' });

    // act
    const response = await api.as(a, REVISE_REFLECTION, { input: { reflectionId: reflection.id, expectedVersion: 1, body: 'x\u0000y' } });

    // assert
    expectRefused(response, 'input.body', 'U+0000');
    const history = dataOf(await api.as(a, COUPLE_REFLECTIONS, { id: coupleId }), 'history');
    expect(history.couple.reflections.edges.map((e: any) => e.node.body)).toEqual(['First thoughts']);
  });

  it('keeps a multi-line reflection with tabs exactly as sent', async () => {
    // prepare
    const { a, coupleId } = await couples();
    const body = 'We walked.\n\tThen we talked 🌙\nIt felt close.';

    // act
    const reflection = await writeReflection(api, a, coupleId, { body });

    // assert
    expect(reflection.body).toBe(body);
  });

  it.each(HOSTILE)('answerPrompt refuses an answer with %s and stores nothing', async (_label, value, named) => {
    // prepare
    const { a, coupleId } = await couples();
    const session = await startSession(api, a, coupleId);
    const promptId = session.prompts[0].prompt.id;

    // act
    const response = await api.as(a, ANSWER_PROMPT, { input: { sessionId: session.id, promptId, text: value } });

    // assert
    expectRefused(response, 'input.text', named);
    const read = dataOf(await api.as(a, SESSION_ANSWERS, { id: session.id }), 'session');
    expect(read.session.prompts.flatMap((p: any) => p.answers)).toEqual([]);
  });

  it('createWebhook refuses a URL with a control character (URL parsing would silently drop it)', async () => {
    // prepare
    const { a, coupleId } = await couples();

    // act
    const response = await api.as(a, CREATE_WEBHOOK, {
      input: { coupleId, url: 'https://hooks.example.com/\u0000in', events: ['SESSION_COMPLETED'] },
    });

    // assert
    expectRefused(response, 'input.url', 'U+0000');
  });

  it('joinCouple refuses a code with a lone surrogate as the text rule, not as an unusable code', async () => {
    // act
    const response = await api.as('tilda', JOIN_COUPLE, { code: 'ABCD\udfffEFGH' });

    // assert
    expectRefused(response, 'input.code', 'U+DFFF');
  });

  it('does not take a display name with control characters from a token', async () => {
    // act
    const response = await api.as('tobias', MY_NAME, {}, { name: 'Tobias\u001b[31m' });

    // assert
    expect(dataOf(response, 'me').me.person.displayName).toBe('Partner');
  });
});
