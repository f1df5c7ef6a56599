import { dataOf } from '../support/operations';
import { buildPrivacyWorld, type PrivacyWorld } from '../support/privacy-world';
import { createTestApi, type TestApi } from '../support/test-api';

const EXPORT = `mutation { exportMyData { generatedAt json } }`;

/** What the API shows the caller about the same objects the export holds (in parts: the cost limit). */
const COUPLE_PARTS = [
  `query($id: ID!) { couple(id: $id) {
    id status createdAt activatedAt endedAt lastReconnectedAt
    plan { sessionsPerMonth reminderTime timezone pausedUntil }
    partners { id }
    careTeam { active scope grantedAt revokedAt grantedBy { id } practice { id } }
    accessLog(first: 50) { edges { node { at action actor { id } practice { id } } } }
    reminders(first: 50) { edges { node { id kind status dueAt createdAt acknowledgedAt resolvedAt } } } } }`,
  `query($id: ID!) { couple(id: $id) { sessions(first: 10) { edges { node { id status scheduledFor startedAt completedAt cancelledAt
      prompts { position prompt { id } answers { author { id } text answeredAt } } } } } } }`,
  `query($id: ID!) { couple(id: $id) { reflections(first: 20) { edges { node { id body closeness feelings createdAt updatedAt version author { id }
      sharing { partner careTeam } session { id } prompt { id }
      revisions { version body closeness feelings sharing { partner careTeam } editedAt } } } } } }`,
];

async function coupleView(api: TestApi, sub: string, coupleId: string): Promise<any> {
  const parts = await Promise.all(COUPLE_PARTS.map(async (query) => dataOf(await api.as(sub, query, { id: coupleId }), 'couple').couple));
  return Object.assign({}, ...parts);
}

describe('exportMyData', () => {
  let api: TestApi;
  let world: PrivacyWorld;
  let doc: any;
  beforeAll(async () => {
    api = await createTestApi('export');
    world = await buildPrivacyWorld(api, 'x');
    const response = await api.as(world.ana, EXPORT);
    doc = JSON.parse(dataOf(response, 'exportMyData').exportMyData.json);
  });
  afterAll(() => api.drop());

  it('is a versioned document with the profile, both couples and the practice roles', async () => {
    // prepare
    const me = dataOf(await api.as(world.ana, '{ me { person { id displayName timezone } } }'), 'me').me.person;
    // act: the document was read in beforeAll
    // assert
    expect(doc.format).toBe('reconnect-export/1');
    expect(doc.generatedAt).toBe(api.clock.now().toISOString());
    expect(doc.person).toMatchObject({ id: me.id, displayName: world.anaName, timezone: me.timezone });
    expect(doc.couples.map((c: { id: string }) => c.id).sort()).toEqual([world.coupleId, world.endedCoupleId].sort());
    expect(doc.couples.find((c: { id: string }) => c.id === world.endedCoupleId).status).toBe('ENDED');
    expect(doc.practiceMemberships).toEqual([]);
  });

  it('matches what the API returns for every section of the active couple', async () => {
    // prepare
    const me = dataOf(await api.as(world.ana, '{ me { person { id } } }'), 'me').me.person.id;
    const view = await coupleView(api, world.ana, world.coupleId);
    // act
    const exported = doc.couples.find((c: { id: string }) => c.id === world.coupleId);
    // assert: the couple
    expect(exported).toMatchObject({
      status: view.status,
      createdAt: view.createdAt,
      activatedAt: view.activatedAt,
      endedAt: view.endedAt,
      lastReconnectedAt: view.lastReconnectedAt,
      plan: view.plan,
      partnerIds: view.partners.map((p: { id: string }) => p.id),
    });
    // care grants
    expect(exported.careGrants).toEqual(
      view.careTeam.map((g: any) => ({
        practiceId: g.practice.id,
        scope: g.scope,
        active: g.active,
        grantedBy: g.grantedBy.map((p: { id: string }) => p.id),
        grantedAt: g.grantedAt,
        revokedAt: g.revokedAt,
      })),
    );
    // the active grant and the one Ana revoked
    expect(exported.careGrants.map((g: { active: boolean }) => g.active).sort()).toEqual([false, true]);
    // access log (newest first in both)
    const access = view.accessLog.edges.map((e: any) => ({
      at: e.node.at,
      actorId: e.node.actor.id,
      practiceId: e.node.practice.id,
      action: e.node.action,
    }));
    expect(access.length).toBeGreaterThan(0);
    expect(exported.accessLog).toEqual(access);
    // reminders
    const reminders = view.reminders.edges.map((e: any) => e.node);
    expect(reminders.length).toBeGreaterThan(0);
    expect(exported.reminders).toEqual(reminders);
    // sessions, with Ana's own answers only
    const sessions = view.sessions.edges.map((e: any) => ({
      id: e.node.id,
      status: e.node.status,
      scheduledFor: e.node.scheduledFor,
      startedAt: e.node.startedAt,
      completedAt: e.node.completedAt,
      cancelledAt: e.node.cancelledAt,
      prompts: e.node.prompts.map((p: any) => {
        const mine = (p.answers ?? []).find((a: any) => a.author.id === me);
        return { position: p.position, promptId: p.prompt.id, myAnswer: mine ? { text: mine.text, answeredAt: mine.answeredAt } : null };
      }),
    }));
    expect(exported.sessions.map(({ createdAt, ...rest }: any) => rest)).toEqual(sessions);
    expect(exported.sessions[0].prompts[0].myAnswer.text).toBe('Ana answers one x');
    // reflections: Ana's own (with revisions), the same as the API shows her
    const mine = view.reflections.edges
      .map((e: any) => e.node)
      .filter((r: any) => r.author.id === me)
      .map((r: any) => ({
        id: r.id,
        sessionId: r.session?.id ?? null,
        promptId: r.prompt?.id ?? null,
        body: r.body,
        closeness: r.closeness,
        feelings: r.feelings,
        sharing: r.sharing,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        version: r.version,
        revisions: r.revisions,
      }));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...exported.reflections].sort(byId)).toEqual(mine.sort(byId));
    expect(exported.reflections).toHaveLength(2);
    expect(exported.reflections.find((r: any) => r.version === 2).revisions[0].body).toBe('Ana shared v1 x');
  });

  it("never holds another person's text, not even what the partner shared", () => {
    // prepare
    const text = JSON.stringify(doc);
    // act / assert
    for (const theirs of world.othersTexts) expect(text).not.toContain(theirs);
    for (const own of world.anaTexts) expect(text).toContain(own);
  });

  it('needs profile, couple:read and reflections:read', async () => {
    // prepare
    const narrow = { scope: 'profile couple:read' };
    // act
    const response = await api.as(world.ana, EXPORT, undefined, narrow);
    // assert
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
  });
});
