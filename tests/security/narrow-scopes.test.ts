/**
 * Narrow-scope tokens (contract README, "Scopes"): a field whose scope the
 * token lacks is null with a FORBIDDEN error naming its path, and only that
 * field: the rest of the response stays. Every representative operation is
 * run with every single scope, no scope and all scopes (a mutation that would
 * succeed: with its minimal scopes, on a couple of its own, and with all
 * scopes); the expected errors are computed from the operation's guards, so
 * the table below is the whole specification.
 */
import { ALL_SCOPES, type Scope } from '../../functions/shared/auth/scopes';
import { ANSWER_PROMPT, createCouple, dataOf, freshCouples, startSession } from '../support/operations';
import { createPractice, grantBoth } from '../support/practice-operations';
import { writeReflection } from '../support/reflection-operations';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/test-api';
import { CREATE_WEBHOOK } from '../support/webhooks';

/** A field guarded by a scope, by its path in the response (list indexes left out). */
interface Guard {
  path: string;
  scope: Scope;
}

interface Operation {
  name: string;
  query: string;
  variables: (ids: Ids) => Record<string, unknown>;
  /** Outermost first; a guard under a failing one is never reached. */
  guards: Guard[];
  /** Mutations change state: run them only where the expected outcome leaves the fixture usable. */
  mutation?: boolean;
}

interface Ids {
  coupleId: string;
  awaitingCoupleId: string;
  sessionId: string;
  promptId: string;
  reflectionId: string;
  webhookId: string;
}

const OPERATIONS: Operation[] = [
  {
    name: 'the issue example: me { person couple { health reflections } }',
    query: '{ me { person { id } couple { id health { driftRisk } reflections { edges { node { id } } } } } }',
    variables: () => ({}),
    guards: [
      { path: 'me.person', scope: 'profile' },
      { path: 'me.couple', scope: 'couple:read' },
      { path: 'me.couple.reflections', scope: 'reflections:read' },
    ],
  },
  { name: 'me { scopes } needs no scope', query: '{ me { scopes } }', variables: () => ({}), guards: [] },
  {
    name: 'me { practices } (contract part 05)',
    query: '{ me { scopes practices { role practice { id } } } }',
    variables: () => ({}),
    guards: [{ path: 'me.practices', scope: 'practice:read' }],
  },
  {
    name: 'couple with its invite (AWAITING_PARTNER)',
    query: 'query($id: ID!) { couple(id: $id) { id status invite { code } } }',
    variables: (ids) => ({ id: ids.awaitingCoupleId }),
    guards: [
      { path: 'couple', scope: 'couple:read' },
      { path: 'couple.invite', scope: 'couple:write' },
    ],
  },
  {
    name: 'couple with sessions, reminders and webhooks',
    query: `query($id: ID!) { couple(id: $id) { id
      sessions { edges { node { id } } } reminders { edges { node { id } } } webhooks { edges { node { id url } } } } }`,
    variables: (ids) => ({ id: ids.coupleId }),
    guards: [
      { path: 'couple', scope: 'couple:read' },
      { path: 'couple.webhooks', scope: 'webhooks' },
    ],
  },
  {
    // A partner is no member: members, caseload and webhooks are empty lists with ANY token (a FORBIDDEN
    // on those non-null fields would null the practice, the care team and with it the whole couple).
    name: "couple's care team: the practice's members, caseload and webhooks, seen by a partner",
    query: `query($id: ID!) { couple(id: $id) { id careTeam { practice { id
      members { role } couples { totalCount } webhooks { id } } } } }`,
    variables: (ids) => ({ id: ids.coupleId }),
    guards: [{ path: 'couple', scope: 'couple:read' }],
  },
  {
    name: 'session with answers and reflections',
    query: `query($id: ID!) { session(id: $id) { id status
      prompts { prompt { id } waitingOn { id } answers { text author { id } } } reflections { id body } } }`,
    variables: (ids) => ({ id: ids.sessionId }),
    guards: [
      { path: 'session', scope: 'couple:read' },
      { path: 'session.prompts.answers', scope: 'reflections:read' },
      { path: 'session.reflections', scope: 'reflections:read' },
    ],
  },
  {
    name: 'reflection with its couple',
    query: 'query($id: ID!) { reflection(id: $id) { id body author { id } couple { id } } }',
    variables: (ids) => ({ id: ids.reflectionId }),
    guards: [
      { path: 'reflection', scope: 'reflections:read' },
      { path: 'reflection.couple', scope: 'couple:read' },
    ],
  },
  {
    name: 'webhook by node',
    query: 'query($id: ID!) { node(id: $id) { id ... on Webhook { url events } } }',
    variables: (ids) => ({ id: ids.webhookId }),
    guards: [{ path: 'node', scope: 'webhooks' }],
  },
  {
    name: 'the prompt library',
    query: '{ prompts(first: 2) { edges { node { id text } } } }',
    variables: () => ({}),
    guards: [{ path: 'prompts', scope: 'couple:read' }],
  },
  {
    name: 'updateProfile',
    query: 'mutation { updateProfile(input: { displayName: "Ana" }) { id } }',
    variables: () => ({}),
    guards: [{ path: 'updateProfile', scope: 'profile' }],
    mutation: true,
  },
  {
    name: 'updateReconnectPlan',
    query: 'mutation($id: ID!) { updateReconnectPlan(input: { coupleId: $id, sessionsPerMonth: 4 }) { id } }',
    variables: (ids) => ({ id: ids.coupleId }),
    guards: [{ path: 'updateReconnectPlan', scope: 'couple:write' }],
    mutation: true,
  },
  {
    name: 'answerPrompt, reading the answers back',
    query: `mutation($s: ID!, $p: ID!) { answerPrompt(input: { sessionId: $s, promptId: $p, text: "Again" }) {
      prompt { id } answers { text } } }`,
    variables: (ids) => ({ s: ids.sessionId, p: ids.promptId }),
    guards: [
      { path: 'answerPrompt', scope: 'couple:write' },
      { path: 'answerPrompt.answers', scope: 'reflections:read' },
    ],
    mutation: true,
  },
  {
    name: 'writeReflection',
    query: 'mutation($id: ID!) { writeReflection(input: { coupleId: $id, body: "Scoped" }) { id } }',
    variables: (ids) => ({ id: ids.coupleId }),
    guards: [{ path: 'writeReflection', scope: 'reflections:write' }],
    mutation: true,
  },
  {
    name: 'createWebhook',
    query: `mutation($id: ID!) { createWebhook(input: { coupleId: $id, url: "https://hooks.example.com/scoped", events: [SESSION_COMPLETED] }) {
      webhook { id } } }`,
    variables: (ids) => ({ id: ids.coupleId }),
    guards: [{ path: 'createWebhook', scope: 'webhooks' }],
    mutation: true,
  },
];

/** Every single scope, none, and all. */
const TOKENS: { label: string; scopes: Scope[] }[] = [
  { label: 'no scope', scopes: [] },
  ...ALL_SCOPES.map((scope) => ({ label: scope, scopes: [scope] })),
  { label: 'all scopes', scopes: [...ALL_SCOPES] },
];

/** The guards that fail for `scopes`: a guard inside a failing one is never reached. */
function expectedForbidden(guards: Guard[], scopes: readonly Scope[]): string[] {
  const failing: string[] = [];
  for (const guard of guards) {
    if (failing.some((outer) => guard.path.startsWith(`${outer}.`))) continue;
    if (!scopes.includes(guard.scope)) failing.push(guard.path);
  }
  return failing.sort();
}

function pathOf(path: readonly (string | number)[] | undefined): string {
  return (path ?? []).filter((p) => typeof p === 'string').join('.');
}

/** Values at `path` (list indexes spread), e.g. every `answers` of every prompt. */
function valuesAt(data: unknown, path: string): unknown[] {
  let current: unknown[] = [data];
  const keys = path.split('.');
  keys.forEach((key, index) => {
    current = current.flatMap((value) => {
      const next = (value as Record<string, unknown> | null)?.[key];
      // Lists on the way are spread (every prompt's answers); the guarded field itself is kept whole.
      return Array.isArray(next) && index < keys.length - 1 ? next : [next];
    });
  });
  return current;
}

describe('narrow-scope tokens', () => {
  let api: TestApi;
  let ids: Ids;
  const couples = freshCouples(() => api, ['sana', 'scott']);
  let a: string;

  beforeAll(async () => {
    api = await createTestApi('scopes');
    const couple = await couples();
    a = couple.a;
    const session = await startSession(api, couple.a, couple.coupleId);
    const promptId = session.prompts[0].prompt.id;
    dataOf(await api.as(couple.a, ANSWER_PROMPT, { input: { sessionId: session.id, promptId, text: 'Mine' } }), 'answer a');
    dataOf(await api.as(couple.b, ANSWER_PROMPT, { input: { sessionId: session.id, promptId, text: 'Yours' } }), 'answer b');
    const reflection = await writeReflection(api, couple.a, couple.coupleId, { sessionId: session.id, body: 'Private words' });
    const webhook = dataOf(
      await api.as(couple.a, CREATE_WEBHOOK, {
        input: { coupleId: couple.coupleId, url: 'https://hooks.example.com/in?token=secret', events: ['SESSION_COMPLETED'] },
      }),
      'createWebhook',
    ).createWebhook.webhook;
    // A practice the couple granted (a partner sees it through careTeam without being a member).
    await grantBoth(api, [couple.a, couple.b], couple.coupleId, await createPractice(api, 'pia'));
    // A person is in one couple at a time, so an AWAITING_PARTNER couple (with an open invite) is someone else's.
    const awaiting = await createCouple(api, 'sven');
    ids = {
      coupleId: couple.coupleId,
      awaitingCoupleId: awaiting.coupleId,
      sessionId: session.id,
      promptId,
      reflectionId: reflection.id,
      webhookId: webhook.id,
    };
  });
  afterAll(() => api.drop());

  it('answers the issue example with couple:read only: couple.id and health, person and reflections null with FORBIDDEN', async () => {
    // act
    const response = await api.as(
      a,
      '{ me { person { id } couple { id health { driftRisk } reflections { edges { node { id } } } } } }',
      {},
      { scope: 'couple:read' },
    );

    // assert
    expect(response.data.me.person).toBeNull();
    expect(response.data.me.couple.id).toBe(ids.coupleId);
    expect(response.data.me.couple.health.driftRisk).toMatch(/LOW|MEDIUM|HIGH/);
    expect(response.data.me.couple.reflections).toBeNull();
    expect(response.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual(
      expect.arrayContaining([
        ['FORBIDDEN', 'me.person'],
        ['FORBIDDEN', 'me.couple.reflections'],
      ]),
    );
    expect(response.errors).toHaveLength(2);
  });

  it('shows a partner the granted practice with empty members, caseload and webhooks under couple:read only, without errors', async () => {
    // act
    const response = await api.as(
      a,
      'query($id: ID!) { couple(id: $id) { careTeam { practice { members { role } couples { totalCount } webhooks { id } } } } }',
      { id: ids.coupleId },
      { scope: 'couple:read' },
    );

    // assert
    expect(response.errors).toBeUndefined();
    expect(response.data.couple.careTeam).toEqual([{ practice: { members: [], couples: { totalCount: 0 }, webhooks: [] } }]);
  });

  /**
   * The tokens each operation is run with below. A mutation that would
   * succeed changes state, so it is left out there and run by the last two
   * tests instead (with its minimal scopes, then with all): leaving it in as
   * an early `return` made passing tests that asserted nothing.
   */
  function tokensFor(operation: Operation): typeof TOKENS {
    if (!operation.mutation || operation.name === 'updateProfile') return TOKENS;
    return TOKENS.filter(({ scopes }) => expectedForbidden(operation.guards, scopes).length > 0);
  }

  /** The union of an operation's guard scopes: the least a token needs for every guarded field. */
  const minimalScopes = (operation: Operation): Scope[] => [...new Set(operation.guards.map((g) => g.scope))];

  describe.each(OPERATIONS)('$name', (operation) => {
    it.each(tokensFor(operation))('with $label', async ({ scopes }) => {
      // prepare
      const expected = expectedForbidden(operation.guards, scopes);
      const owner = operation.name.startsWith('couple with its invite') ? 'sven' : a;

      // act
      const response: GraphqlResponse = await api.as(owner, operation.query, operation.variables(ids), { scope: scopes });

      // assert
      const forbidden = [...new Set((response.errors ?? []).map((e) => `${e.extensions?.code} ${pathOf(e.path)}`))].sort();
      expect(forbidden).toEqual(expected.map((path) => `FORBIDDEN ${path}`));
      // A non-null field (a mutation's payload, prompts) takes its nearest nullable parent with it: absent, never a value.
      for (const path of expected) expect(valuesAt(response.data, path).every((v) => v === null || v === undefined)).toBe(true);
      const reached = operation.guards.filter((g) => !expected.some((f) => g.path === f || g.path.startsWith(`${f}.`)));
      for (const guard of reached) expect(valuesAt(response.data, guard.path).some((v) => v !== null && v !== undefined)).toBe(true);
    });
  });

  it.each(OPERATIONS.filter((o) => o.mutation))('runs $name with exactly its minimal scopes, on a fresh couple', async (operation) => {
    // prepare: a couple of its own with an open session, so that the mutation's change touches no other test
    const fresh = await couples();
    const session = await startSession(api, fresh.a, fresh.coupleId);
    const freshIds: Ids = { ...ids, coupleId: fresh.coupleId, sessionId: session.id, promptId: session.prompts[0].prompt.id };
    const scopes = minimalScopes(operation);

    // act
    const response = await api.as(fresh.a, operation.query, operation.variables(freshIds), { scope: scopes });

    // assert
    expect(scopes.length).toBeGreaterThan(0);
    expect(response.errors).toBeUndefined();
    for (const guard of operation.guards) expect(valuesAt(response.data, guard.path).some((v) => v !== null && v !== undefined)).toBe(true);
  });

  it('runs every mutation with all scopes (the guarded fields are present)', async () => {
    for (const operation of OPERATIONS.filter((o) => o.mutation)) {
      // act
      const response = await api.as(a, operation.query, operation.variables(ids));

      // assert
      expect({ operation: operation.name, errors: response.errors }).toEqual({ operation: operation.name, errors: undefined });
      for (const guard of operation.guards) expect(valuesAt(response.data, guard.path).some((v) => v !== null)).toBe(true);
    }
  });
});
