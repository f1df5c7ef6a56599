import { toGlobalId } from '../../functions/shared/ids/global-id';
import { answerPrompt, dataOf, freshCouples, startSession } from '../support/operations';
import { ARCHIVE_PROMPT, addMember, CREATE_PROMPT, createPractice, grantBoth } from '../support/practice-operations';
import { createTestSweep, type TestSweep } from '../support/reminders';
import { clientView, createTestApi, errorCodes, type TestApi } from '../support/test-api';

const ASSIGN = `mutation($input: AssignPromptInput!) {
  assignPrompt(input: $input) { id status note dueBy prompt { id } practice { id } assignedBy { displayName } couple { id } completedIn { id } completedAt }
}`;
const ASSIGNMENTS = `query($id: ID!, $status: AssignmentStatus) {
  couple(id: $id) { assignments(status: $status) { edges { node { id status completedIn { id } completedAt prompt { id } } } } }
}`;
const PRACTICE_PROMPTS = `query($id: ID!) { practice(id: $id) { prompts { edges { node { id archived } } } } }`;
const PROMPTS_OF = `query($practiceId: ID, $includeArchived: Boolean) { prompts(filter: { practiceId: $practiceId, includeArchived: $includeArchived }, first: 100) { edges { node { id } } } }`;

describe('homework', () => {
  let api: TestApi;
  const couples = freshCouples(() => api);
  let sweep: TestSweep;
  beforeAll(async () => {
    api = await createTestApi('homework');
    sweep = createTestSweep(api);
  });
  afterAll(async () => {
    sweep.close();
    await api.drop();
  });

  async function practicePrompt(member: string, practiceId: string, text = 'What did you need from me this week?') {
    return dataOf(await api.as(member, CREATE_PROMPT, { input: { practiceId, text, theme: 'LISTENING', depth: 'MEDIUM' } }), 'createPrompt')
      .createPrompt;
  }

  it('lets members write prompts (1 to 500 characters) that members and granting couples see, archived never deleted', async () => {
    // prepare
    const practiceId = await createPractice(api, 'hana');
    await addMember(api, 'hana', practiceId, 'hugo', 'COUNSELOR');
    const { a, b, coupleId } = await couples();

    // act
    const prompt = await practicePrompt('hugo', practiceId);
    const tooLong = await api.as('hugo', CREATE_PROMPT, { input: { practiceId, text: 'x'.repeat(501), theme: 'TRUST', depth: 'LIGHT' } });
    const byStranger = await api.as('nobody', CREATE_PROMPT, { input: { practiceId, text: 'Hi', theme: 'TRUST', depth: 'LIGHT' } });
    const beforeGrant = dataOf(await api.as(a, PROMPTS_OF, { practiceId }), 'before').prompts.edges;
    await grantBoth(api, [a, b], coupleId, practiceId);
    const afterGrant = dataOf(await api.as(a, PROMPTS_OF, { practiceId }), 'after').prompts.edges;
    const archived = dataOf(await api.as('hana', ARCHIVE_PROMPT, { id: prompt.id }), 'archive').archivePrompt;
    const listed = dataOf(await api.as('hugo', PRACTICE_PROMPTS, { id: practiceId }), 'practice prompts').practice.prompts.edges;
    const withoutArchived = dataOf(await api.as(a, PROMPTS_OF, { practiceId }), 'after archive').prompts.edges;
    const byId = await api.as(a, 'query($id: ID!) { node(id: $id) { id ... on Prompt { archived practice { id } } } }', { id: prompt.id });

    // assert
    expect(prompt).toMatchObject({ theme: 'LISTENING', depth: 'MEDIUM', followUps: [], archived: false, practice: { id: practiceId } });
    expect(errorCodes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors?.[0]?.message).toBe('input.text: must be at most 500 characters');
    expect(errorCodes(byStranger)).toEqual(['NOT_FOUND']);
    expect(beforeGrant).toEqual([]);
    expect(afterGrant).toEqual([{ node: { id: prompt.id } }]);
    expect(archived.archived).toBe(true);
    expect(listed).toEqual([{ node: { id: prompt.id, archived: true } }]);
    expect(withoutArchived).toEqual([]);
    expect(byId.data.node).toEqual({ id: prompt.id, archived: true, practice: { id: practiceId } });
  });

  it('needs an active grant to assign (NOT_FOUND otherwise)', async () => {
    // prepare
    const practiceId = await createPractice(api, 'ivo');
    const { coupleId } = await couples();

    // act
    const response = await api.as('ivo', ASSIGN, { input: { coupleId, practiceId, promptId: toGlobalId('Prompt', 'vul-001') } });

    // assert
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
  });

  it("suggests open homework in the sweep's reconnect reminder, drawn as startSession draws it", async () => {
    // prepare: an open assignment of a practice prompt
    const practiceId = await createPractice(api, 'hana');
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, practiceId);
    const prompt = await practicePrompt('hana', practiceId, 'Plan one small surprise for each other.');
    dataOf(await api.as('hana', ASSIGN, { input: { coupleId, practiceId, promptId: prompt.id } }), 'assign');
    const { nextReminderAt } = dataOf(
      await api.as(a, 'query($id: ID!) { couple(id: $id) { nextReminderAt } }', { id: coupleId }),
      'couple',
    ).couple;

    // act
    await sweep.run(nextReminderAt);
    const reminders = dataOf(
      await api.as(b, 'query($id: ID!) { couple(id: $id) { reminders { edges { node { kind suggestedPrompt { id text } } } } } }', {
        id: coupleId,
      }),
      'reminders',
    ).couple.reminders.edges;

    // assert
    expect(reminders).toEqual([{ node: { kind: 'RECONNECT_DUE', suggestedPrompt: { id: prompt.id, text: prompt.text } } }]);
  });

  it("gives a care-team member full pages of their practice's homework only, with an exact hasNextPage", async () => {
    // prepare: two practices each assign three prompts to one couple, interleaved (newest: the other practice's)
    const mine = await createPractice(api, 'lena');
    const other = await createPractice(api, 'otto');
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, mine);
    await grantBoth(api, [a, b], coupleId, other);
    const assigned: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      for (const [member, practiceId] of [
        ['lena', mine],
        ['otto', other],
      ] as const) {
        const prompt = await practicePrompt(member, practiceId, `Homework ${n} of ${member}`);
        const made = dataOf(await api.as(member, ASSIGN, { input: { coupleId, practiceId, promptId: prompt.id } }), 'assign').assignPrompt;
        if (member === 'lena') assigned.unshift(made.id);
        api.clock.set(new Date(api.clock.now().getTime() + 60_000));
      }
    }
    const PAGE = `query($id: ID!, $first: Int, $after: String, $status: AssignmentStatus) {
      couple(id: $id) { assignments(first: $first, after: $after, status: $status) {
        edges { node { id practice { id } } } pageInfo { hasNextPage endCursor } } }
    }`;

    // act
    const first = dataOf(await api.as('lena', PAGE, { id: coupleId, first: 2 }), 'page 1').couple.assignments;
    const second = dataOf(await api.as('lena', PAGE, { id: coupleId, first: 2, after: first.pageInfo.endCursor }), 'page 2').couple
      .assignments;
    const open = dataOf(await api.as('lena', PAGE, { id: coupleId, first: 3, status: 'OPEN' }), 'open').couple.assignments;
    const partner = dataOf(await api.as(a, PAGE, { id: coupleId, first: 10 }), 'partner').couple.assignments;

    // assert
    expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(assigned.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(assigned.slice(2));
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(open.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(assigned);
    expect(open.pageInfo.hasNextPage).toBe(false);
    expect(new Set([...first.edges, ...second.edges].map((e: { node: { practice: { id: string } } }) => e.node.practice.id))).toEqual(
      new Set([mine]),
    );
    expect(partner.edges).toHaveLength(6);
  });

  it('draws open assignments first, and marks one DONE in the session where both partners answered it', async () => {
    // prepare
    const practiceId = await createPractice(api, 'jan');
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, practiceId);
    const prompt = await practicePrompt('jan', practiceId, 'Tell each other one thing you appreciated today.');
    const assigned = dataOf(
      await api.as('jan', ASSIGN, {
        input: { coupleId, practiceId, promptId: prompt.id, note: 'Before our next meeting', dueBy: '2026-12-20T00:00:00Z' },
      }),
      'assign',
    ).assignPrompt;

    // act
    const session = await startSession(api, a, coupleId, { promptCount: 3 });
    await answerPrompt(api, a, session.id, prompt.id, 'Your patience with me on Sunday.');
    const halfway = dataOf(await api.as(b, ASSIGNMENTS, { id: coupleId }), 'halfway').couple.assignments.edges;
    await answerPrompt(api, b, session.id, prompt.id, 'How you listened last night.');
    const done = dataOf(await api.as(b, ASSIGNMENTS, { id: coupleId, status: 'DONE' }), 'done').couple.assignments.edges;
    const byCounselor = dataOf(await api.as('jan', ASSIGNMENTS, { id: coupleId }), 'counselor').couple.assignments.edges;

    // assert
    expect(assigned).toMatchObject({
      status: 'OPEN',
      note: 'Before our next meeting',
      dueBy: '2026-12-20T00:00:00.000Z',
      completedIn: null,
      assignedBy: { displayName: 'Jan' },
    });
    expect(session.prompts[0].prompt.id).toBe(prompt.id);
    expect(halfway.map((e: { node: { status: string } }) => e.node.status)).toEqual(['OPEN']);
    expect(done).toEqual([
      {
        node: {
          id: assigned.id,
          status: 'DONE',
          completedIn: { id: session.id },
          completedAt: api.clock.now().toISOString(),
          prompt: { id: prompt.id },
        },
      },
    ]);
    expect(byCounselor).toHaveLength(1);
  });

  it('refuses an archived prompt and a dueBy in the past, naming the field', async () => {
    // prepare
    const practiceId = await createPractice(api, 'kai');
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, practiceId);
    const prompt = await practicePrompt('kai', practiceId);
    await api.as('kai', ARCHIVE_PROMPT, { id: prompt.id });

    // act
    const archived = await api.as('kai', ASSIGN, { input: { coupleId, practiceId, promptId: prompt.id } });
    const past = await api.as('kai', ASSIGN, {
      input: { coupleId, practiceId, promptId: toGlobalId('Prompt', 'vul-001'), dueBy: '2020-01-01T00:00:00Z' },
    });

    // assert
    expect(archived.errors?.[0]?.message).toBe('input.promptId: is archived; assign a current prompt');
    expect(past.errors?.[0]?.message).toBe('input.dueBy: must be in the future');
  });

  it('answers node(id:) of an assignment for a token without couple:read as for an id that names nothing', async () => {
    // prepare
    const practiceId = await createPractice(api, 'lena');
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, practiceId);
    const made = dataOf(
      await api.as('lena', ASSIGN, { input: { coupleId, practiceId, promptId: toGlobalId('Prompt', 'vul-001') } }),
      'assign',
    ).assignPrompt;
    const NODE = 'query($id: ID!) { node(id: $id) { id } }';
    const narrow = { scope: 'reflections:read' };

    // act
    const existing = await api.as(a, NODE, { id: made.id }, narrow);
    const unknown = await api.as(a, NODE, { id: toGlobalId('PromptAssignment', 'no-such-assignment') }, narrow);

    // assert: the same refusal, whether or not the id names an assignment
    expect(errorCodes(existing)).toEqual(['FORBIDDEN']);
    expect(clientView(existing)).toEqual(clientView(unknown));
  });

  it("shows a member of two granted practices each practice's homework by its own grant", async () => {
    // prepare: Mira is in both practices; the couple grants SUMMARY to one and REFLECTIONS to the other
    const first = await createPractice(api, 'mira', 'First Practice');
    const second = await createPractice(api, 'nils', 'Second Practice');
    await addMember(api, 'nils', second, 'mira', 'COUNSELOR');
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, first, ['SUMMARY', 'SUMMARY']);
    await grantBoth(api, [a, b], coupleId, second, ['REFLECTIONS', 'REFLECTIONS']);
    const ofFirst = dataOf(
      await api.as('mira', ASSIGN, { input: { coupleId, practiceId: first, promptId: toGlobalId('Prompt', 'vul-001') } }),
      'assign first',
    ).assignPrompt;
    const NODE = 'query($id: ID!) { node(id: $id) { id ... on PromptAssignment { practice { id } } } }';

    // act
    const seen = await api.as('mira', NODE, { id: ofFirst.id });

    // assert
    expect(dataOf(seen, 'node').node).toEqual({ id: ofFirst.id, practice: { id: first } });
  });
});
