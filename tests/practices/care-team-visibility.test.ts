import { answerPrompt, dataOf, freshCouples, startSession } from '../support/operations';
import { accessLogOf, addMember, createPractice, grantBoth, personId, REMOVE_MEMBER } from '../support/practice-operations';
import { REVISE_REFLECTION, writeReflection } from '../support/reflection-operations';
import { createTestApi, type TestApi } from '../support/test-api';

const COUPLE_VIEW = `query($id: ID!) {
  couple(id: $id) {
    id status plan { sessionsPerMonth } invite { code } careTeam { active } accessLog { edges { node { action } } }
    health { driftRisk }
    sessions { edges { node { id status startedAt prompts { prompt { id } waitingOn { id } answers { text } } } } }
    reflections { edges { node { id body revisions { body } } } }
  }
}`;

const COUPLE_AND_NODE = 'query($id: ID!) { couple(id: $id) { id } node(id: $id) { id } }';

describe('what a care team sees', () => {
  let api: TestApi;
  const couples = freshCouples(() => api);
  beforeAll(async () => {
    api = await createTestApi('care-visibility');
  });
  afterAll(() => api.drop());

  /** A couple with one session (prompt 1 answered by both, prompt 2 by one) and three reflections of different sharing. */
  async function coupleWithHistory() {
    const { a, b, coupleId } = await couples();
    const session = await startSession(api, a, coupleId, { promptCount: 2 });
    const [p1, p2] = session.prompts.map((p: { prompt: { id: string } }) => p.prompt.id);
    await answerPrompt(api, a, session.id, p1, 'Ana on the first');
    await answerPrompt(api, b, session.id, p1, 'Ben on the first');
    await answerPrompt(api, a, session.id, p2, 'Ana alone on the second');
    const shared = await writeReflection(api, a, coupleId, { body: 'For our counselor', sharing: { partner: true, careTeam: true } });
    await api.as(a, REVISE_REFLECTION, { input: { reflectionId: shared.id, expectedVersion: 1, body: 'For our counselor, revised' } });
    await writeReflection(api, a, coupleId, { body: 'Private', sharing: { partner: false, careTeam: false } });
    await writeReflection(api, b, coupleId, { body: 'Partner only', sharing: { partner: true, careTeam: false } });
    return { a, b, coupleId, sessionId: session.id, shared: shared.id };
  }

  it('SUMMARY: health, plan and session times and statuses, never any text', async () => {
    // prepare
    const { a, b, coupleId, sessionId } = await coupleWithHistory();
    const practiceId = await createPractice(api, 'sue');
    await grantBoth(api, [a, b], coupleId, practiceId, ['SUMMARY', 'REFLECTIONS']);

    // act
    const response = await api.as('sue', COUPLE_VIEW, { id: coupleId });

    // assert
    expect(response.errors).toBeUndefined();
    const couple = response.data.couple;
    expect(couple.plan.sessionsPerMonth).toBe(3);
    expect(couple.health.driftRisk).toBeDefined();
    expect(couple.invite).toBeNull();
    expect(couple.careTeam).toEqual([]);
    expect(couple.accessLog.edges).toEqual([]);
    expect(couple.sessions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([sessionId]);
    expect(couple.sessions.edges[0].node.prompts.flatMap((p: { answers: unknown[] }) => p.answers)).toEqual([]);
    expect(couple.reflections.edges).toEqual([]);
  });

  it('REFLECTIONS: adds care-team-shared reflections (no revisions) and fully revealed answers only', async () => {
    // prepare
    const { a, b, coupleId, shared } = await coupleWithHistory();
    const practiceId = await createPractice(api, 'tom');
    await grantBoth(api, [a, b], coupleId, practiceId, ['REFLECTIONS', 'REFLECTIONS']);

    // act
    const response = await api.as('tom', COUPLE_VIEW, { id: coupleId });

    // assert
    expect(response.errors).toBeUndefined();
    const couple = response.data.couple;
    expect(couple.reflections.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { id: shared, body: 'For our counselor, revised', revisions: [] },
    ]);
    const [first, second] = couple.sessions.edges[0].node.prompts;
    expect(first.answers.map((x: { text: string }) => x.text).sort()).toEqual(['Ana on the first', 'Ben on the first']);
    expect(second.answers).toEqual([]);
    expect(second.waitingOn).toHaveLength(1);
  });

  it('writes one access-log entry per kind of data per request, before returning it; partners read it newest first', async () => {
    // prepare
    const { a, b, coupleId } = await coupleWithHistory();
    const practiceId = await createPractice(api, 'uli');
    await grantBoth(api, [a, b], coupleId, practiceId, ['REFLECTIONS', 'REFLECTIONS']);

    // act
    await api.as('uli', `query($id: ID!) { couple(id: $id) { health { driftRisk } again: health { driftRisk } } }`, { id: coupleId });
    api.clock.set(new Date(api.clock.now().getTime() + 60_000));
    await api.as('uli', COUPLE_VIEW, { id: coupleId });
    const log = await accessLogOf(api, a, coupleId);
    const byCounselor = await api.as('uli', `query($id: ID!) { couple(id: $id) { accessLog { edges { node { action } } } } }`, {
      id: coupleId,
    });

    // assert
    const first = log
      .filter((e) => e.at === log.at(-1)?.at)
      .map((e) => e.action)
      .sort();
    const second = log
      .filter((e) => e.at === log[0]?.at)
      .map((e) => e.action)
      .sort();
    expect(first).toEqual(['COUPLE', 'HEALTH']);
    expect(second).toEqual(['ANSWERS', 'COUPLE', 'HEALTH', 'REFLECTIONS', 'SESSIONS']);
    expect(log).toHaveLength(7);
    expect(new Set(log.map((e) => e.actor.id)).size).toBe(1);
    expect(byCounselor.data.couple.accessLog.edges).toEqual([]);
  });

  it('never returns a read after the revoke committed (reads racing a revoke are each logged or empty)', async () => {
    // prepare
    const { a, b, coupleId } = await couples();
    const practiceId = await createPractice(api, 'val');
    await grantBoth(api, [a, b], coupleId, practiceId);
    const read = () => api.as('val', `query($id: ID!) { couple(id: $id) { health { driftRisk } } }`, { id: coupleId });

    // act
    const results = await Promise.all([
      read(),
      read(),
      api.as(a, `mutation($c: ID!, $p: ID!) { revokeCareAccess(input: { coupleId: $c, practiceId: $p }) { active } }`, {
        c: coupleId,
        p: practiceId,
      }),
      read(),
      read(),
    ]);
    const after = await read();

    // assert
    const returned = results.filter((r) => r.data?.couple?.health).length;
    const healthEntries = (await accessLogOf(api, a, coupleId)).filter((e) => e.action === 'HEALTH').length;
    expect(returned).toBe(healthEntries);
    expect(after.data.couple).toBeNull();
  });

  it('shows nothing to a member of a practice without a grant, nor to one removed from the practice', async () => {
    // prepare: yan counsels at the granted practice, and sees the couple until wes removes him
    const { a, b, coupleId } = await couples();
    const granted = await createPractice(api, 'wes');
    await createPractice(api, 'xia');
    await grantBoth(api, [a, b], coupleId, granted);
    await addMember(api, 'wes', granted, 'yan', 'COUNSELOR');
    const whileMember = await api.as('yan', COUPLE_AND_NODE, { id: coupleId });
    dataOf(await api.as('wes', REMOVE_MEMBER, { practiceId: granted, personId: await personId(api, 'yan') }), 'removePracticeMember');

    // act
    const other = await api.as('xia', COUPLE_AND_NODE, { id: coupleId });
    const removed = await api.as('yan', COUPLE_AND_NODE, { id: coupleId });

    // assert
    expect(whileMember.data).toEqual({ couple: { id: coupleId }, node: { id: coupleId } });
    expect(other.data).toEqual({ couple: null, node: null });
    expect(removed.data).toEqual({ couple: null, node: null });
    expect(dataOf(await api.as('wes', `query($id: ID!) { couple(id: $id) { id } }`, { id: coupleId }), 'wes').couple.id).toBe(coupleId);
  });
});
