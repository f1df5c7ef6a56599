/**
 * Every String field of every input type of the schema is refused with a
 * control character or a lone surrogate (contract README, "Text input"),
 * naming the field. The list comes from the schema: a new String input field
 * fails here until it has a case below (one line: how to send a value in it).
 */
import { buildSchema, getNamedType, isInputObjectType } from 'graphql';
import { typeDefs } from '../../functions/graphql/generated/type-defs';
import { buildCoupleWorld, type Targets } from '../support/security-world';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

interface TextInputCase {
  /** The field as error messages name it. */
  field: string;
  /** An operation that puts `value` in the field, as the owner of `t` unless `as` names another caller. */
  send: (t: Targets, value: string) => { query: string; variables: Record<string, unknown> };
  as?: (t: Targets) => string;
}

/** The ADMIN of the practice with the REFLECTIONS grant. */
const practiceAdmin = (t: Targets) => (t.practices as NonNullable<Targets['practices']>).practiceReflections;

/** Keys: `<InputType>.<field>` for each String (or [String]) input field. */
const TEXT_INPUTS: Record<string, TextInputCase> = {
  'UpdateProfileInput.displayName': {
    field: 'input.displayName',
    send: (_t, value) => ({ query: 'mutation($v: String!) { updateProfile(input: { displayName: $v }) { id } }', variables: { v: value } }),
  },
  'JoinCoupleInput.code': {
    field: 'input.code',
    send: (_t, value) => ({ query: 'mutation($v: String!) { joinCouple(input: { code: $v }) { id } }', variables: { v: value } }),
  },
  'AnswerPromptInput.text': {
    field: 'input.text',
    send: (t, value) => ({
      query: 'mutation($s: ID!, $p: ID!, $v: String!) { answerPrompt(input: { sessionId: $s, promptId: $p, text: $v }) { position } }',
      variables: { s: t.sessionId, p: t.promptId, v: value },
    }),
  },
  'WriteReflectionInput.body': {
    field: 'input.body',
    send: (t, value) => ({
      query: 'mutation($c: ID!, $v: String!) { writeReflection(input: { coupleId: $c, body: $v }) { id } }',
      variables: { c: t.coupleId, v: value },
    }),
  },
  'ReviseReflectionInput.body': {
    field: 'input.body',
    send: (t, value) => ({
      query: 'mutation($r: ID!, $v: String!) { reviseReflection(input: { reflectionId: $r, expectedVersion: 1, body: $v }) { id } }',
      variables: { r: t.privateReflectionId, v: value },
    }),
  },
  'CreateWebhookInput.url': {
    field: 'input.url',
    send: (t, value) => ({
      query:
        'mutation($c: ID!, $v: String!) { createWebhook(input: { coupleId: $c, url: $v, events: [SESSION_COMPLETED] }) { signingSecret } }',
      variables: { c: t.coupleId, v: `https://hooks.example.com/${value}` },
    }),
  },
  'UpdateWebhookInput.url': {
    field: 'input.url',
    send: (t, value) => ({
      query: 'mutation($w: ID!, $v: String) { updateWebhook(input: { webhookId: $w, url: $v }) { webhook { id } } }',
      variables: { w: t.webhookId, v: `https://hooks.example.com/${value}` },
    }),
  },
  'CreatePracticeInput.name': {
    field: 'input.name',
    send: (_t, value) => ({ query: 'mutation($v: String!) { createPractice(input: { name: $v }) { id } }', variables: { v: value } }),
  },
  'CreatePromptInput.text': {
    field: 'input.text',
    send: (t, value) => ({
      query: 'mutation($p: ID!, $v: String!) { createPrompt(input: { practiceId: $p, text: $v, theme: TRUST, depth: LIGHT }) { id } }',
      variables: { p: t.practiceId, v: value },
    }),
    as: practiceAdmin,
  },
  'CreatePromptInput.followUps': {
    field: 'input.followUps[1]',
    send: (t, value) => ({
      query:
        'mutation($p: ID!, $v: [String!]) { createPrompt(input: { practiceId: $p, text: "Fine", theme: TRUST, depth: LIGHT, followUps: $v }) { id } }',
      variables: { p: t.practiceId, v: ['Fine too', value] },
    }),
    as: practiceAdmin,
  },
  'AssignPromptInput.note': {
    field: 'input.note',
    send: (t, value) => ({
      query:
        'mutation($c: ID!, $p: ID!, $q: ID!, $v: String) { assignPrompt(input: { coupleId: $c, practiceId: $p, promptId: $q, note: $v }) { id } }',
      variables: { c: t.coupleId, p: t.practiceId, q: t.practicePromptId, v: value },
    }),
    as: practiceAdmin,
  },
};

/** Every String input field of the schema, `<InputType>.<field>`. */
function stringInputFields(): string[] {
  const schema = buildSchema(typeDefs);
  return Object.values(schema.getTypeMap())
    .filter(isInputObjectType)
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => getNamedType(field.type).name === 'String')
        .map((field) => `${type.name}.${field.name}`),
    )
    .sort();
}

const FIELDS = stringInputFields();

describe('text input coverage', () => {
  let api: TestApi;
  let world: Targets;

  beforeAll(async () => {
    api = await createTestApi('textcov');
    world = await buildCoupleWorld(api, { label: 'txt', practices: true });
  });
  afterAll(() => api.drop());

  it('has a case for every String input field of the schema', () => {
    // act
    const missing = FIELDS.filter((key) => !TEXT_INPUTS[key]);
    const stale = Object.keys(TEXT_INPUTS).filter((key) => !FIELDS.includes(key));

    // assert
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  describe.each(FIELDS.filter((key) => TEXT_INPUTS[key]))('%s', (key) => {
    const entry = TEXT_INPUTS[key] as TextInputCase;

    it.each([
      ['NUL', 'ab\u0000cd'],
      ['an ANSI escape', 'ab\u001b[0mcd'],
      ['a lone surrogate', 'ab\ud800cd'],
    ])('refuses %s, naming the field', async (_label, value) => {
      // act
      const { query, variables } = entry.send(world, value);
      const response = await api.as(entry.as ? entry.as(world) : world.ownerSub, query, variables);

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(entry.field);
    });
  });
});
