import { answerPrompt, COMPLETE_SESSION, dataOf, freshCouples, startSession, UPDATE_PLAN } from '../support/operations';
import { CASELOAD, createPractice, GRANT, grantBoth } from '../support/practice-operations';
import { writeReflection } from '../support/reflection-operations';
import { createTestApi, type TestApi } from '../support/test-api';

const START = '2026-11-26T12:00:00.000Z';

const HEALTH = `query($id: ID!) { couple(id: $id) { health { driftRisk closenessAverage30d participationBalance sessionsLast30Days } } }`;

/**
 * The drift level is part of the write that changes it (functions/care/drift-tracker.ts):
 * the care watch and the caseload positions commit in the write's own
 * transaction, conditioned on the watch's version, so neither a process that
 * dies right after the commit nor a concurrent writer of the same couple can
 * leave the caseload behind what is stored.
 */
describe('drift level in the write transaction', () => {
  let api: TestApi;
  const couples = freshCouples(() => api, ['dia', 'dib']);
  /** While true, every DynamoDB request after the next committed transaction fails, as if the Lambda died there. */
  let dieAfterCommit = false;
  let dead = false;

  beforeAll(async () => {
    api = await createTestApi('drift-in-transaction');
    api.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (dead) throw new Error('the process died after its commit');
        const result = await next(args);
        if (dieAfterCommit && /TransactWrite/.test(String(context.commandName))) dead = true;
        return result;
      },
      { step: 'initialize', name: 'dieAfterCommit' },
    );
  });
  afterEach(() => {
    dieAfterCommit = false;
    dead = false;
    api.clock.set(START);
  });
  afterAll(() => api.drop());

  async function driftOrder(member: string, practiceId: string): Promise<string[]> {
    const page = dataOf(await api.as(member, CASELOAD, { id: practiceId, orderBy: 'DRIFT_RISK' }), 'caseload').practice.couples;
    return page.edges.map((e: { node: { couple: { id: string } } }) => e.node.couple.id);
  }

  async function healthAs(sub: string, coupleId: string) {
    return dataOf(await api.as(sub, HEALTH, { id: coupleId }), 'health').couple.health;
  }

  type Changing = { a: string; b: string; coupleId: string };
  const cases: [string, (c: Changing) => Promise<() => Promise<unknown>>, 'rises' | 'falls'][] = [
    [
      'a reflection',
      // Both feel close (LOW); then one feels far apart (LOW_CLOSENESS: MEDIUM).
      async (c) => {
        await writeReflection(api, c.a, c.coupleId, { body: 'Close', closeness: 6 });
        await writeReflection(api, c.b, c.coupleId, { body: 'Close', closeness: 6 });
        return () => writeReflection(api, c.a, c.coupleId, { body: 'Far apart', closeness: 1 });
      },
      'rises',
    ],
    [
      'a first answer',
      // Only one partner takes part (ONE_SIDED_PARTICIPATION: MEDIUM); then the other answers a prompt (LOW).
      async (c) => {
        await writeReflection(api, c.b, c.coupleId, { body: 'Close', closeness: 6 });
        const session = await startSession(api, c.a, c.coupleId, { promptCount: 1 });
        return () => answerPrompt(api, c.a, session.id, session.prompts[0].prompt.id, 'Here too');
      },
      'falls',
    ],
    [
      'a plan change',
      // Both feel close (LOW); five days on, ten sessions a month make the couple overdue (OVERDUE_RECONNECT: MEDIUM).
      async (c) => {
        await writeReflection(api, c.a, c.coupleId, { body: 'Close', closeness: 6 });
        await writeReflection(api, c.b, c.coupleId, { body: 'Close', closeness: 6 });
        api.clock.set(new Date(Date.parse(START) + 5 * 86_400_000));
        return () => api.as(c.a, UPDATE_PLAN, { input: { coupleId: c.coupleId, sessionsPerMonth: 10 } });
      },
      'rises',
    ],
  ];

  it.each(cases)('keeps the caseload right when the process dies right after %s committed', async (label, prepare, direction) => {
    // prepare: two granted couples; the second is about to change its drift level
    api.clock.set(START);
    const admin = `dia-admin-${label.replace(/\W/g, '')}`;
    const practiceId = await createPractice(api, admin);
    const calm = await couples();
    // An hour later: at one drift level, the couple longest since its last reconnect (here: activation) comes first.
    api.clock.set(new Date(Date.parse(START) + 3_600_000));
    const changing = await couples();
    await grantBoth(api, [calm.a, calm.b], calm.coupleId, practiceId);
    await grantBoth(api, [changing.a, changing.b], changing.coupleId, practiceId);
    await writeReflection(api, calm.a, calm.coupleId, { body: 'Good', closeness: 6 });
    await writeReflection(api, calm.b, calm.coupleId, { body: 'Good', closeness: 6 });
    const write = await prepare(changing);
    const before = await driftOrder(admin, practiceId);

    // act: the write commits, and every request after its transaction fails
    dieAfterCommit = true;
    await write().catch(() => undefined);
    dieAfterCommit = false;
    dead = false;
    const after = await driftOrder(admin, practiceId);
    const careTeamView = await healthAs(admin, changing.coupleId);
    const partnerView = await healthAs(changing.a, changing.coupleId);

    // assert: the caseload moved, and the care team's health (the watch) is the health computed now
    const [higher, lower] = direction === 'rises' ? [changing, calm] : [calm, changing];
    expect(before).toEqual([lower.coupleId, higher.coupleId]);
    expect(after).toEqual([higher.coupleId, lower.coupleId]);
    expect(careTeamView).toEqual(partnerView);
  });

  it('alerts the care team in the grant that puts a HIGH-risk couple on the caseload, even if the process dies right after', async () => {
    // prepare: one partner feels far apart and the other is silent (LOW_CLOSENESS and ONE_SIDED_PARTICIPATION: HIGH)
    api.clock.set(START);
    const practiceId = await createPractice(api, 'dia-admin-grant');
    const { a, b, coupleId } = await couples();
    await writeReflection(api, a, coupleId, { body: 'Far apart', closeness: 1 });
    dataOf(await api.as(a, GRANT, { coupleId, practiceId, scope: 'SUMMARY' }), 'first grant');

    // act: the second grant activates it; every request after its transaction fails
    dieAfterCommit = true;
    await api.as(b, GRANT, { coupleId, practiceId, scope: 'SUMMARY' }).catch(() => undefined);
    dieAfterCommit = false;
    dead = false;
    const reminders = dataOf(
      await api.as(b, 'query($id: ID!) { couple(id: $id) { reminders { edges { node { kind } } } } }', { id: coupleId }),
      'reminders',
    ).couple.reminders.edges;
    const order = await driftOrder('dia-admin-grant', practiceId);

    // assert
    expect(reminders.map((e: { node: { kind: string } }) => e.node.kind)).toEqual(['CARE_TEAM_ALERT']);
    expect(order).toEqual([coupleId]);
    expect((await healthAs('dia-admin-grant', coupleId)).driftRisk).toBe('HIGH');
  });

  it('loses no concurrent write: after both partners write at once, the watch holds what is stored', async () => {
    // prepare
    api.clock.set(START);
    const practiceId = await createPractice(api, 'dia-admin-race');
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, practiceId);

    // act: six reflections, three per partner, all at once
    await Promise.all(
      [1, 2, 3].flatMap((n) => [
        writeReflection(api, a, coupleId, { body: `A ${n}`, closeness: n }),
        writeReflection(api, b, coupleId, { body: `B ${n}`, closeness: 7 - n }),
      ]),
    );
    const careTeamView = await healthAs('dia-admin-race', coupleId);
    const partnerView = await healthAs(a, coupleId);

    // assert: mean of 1..3 and 4..6 is 3.5, balanced; the care team's (watch) view is the stored truth
    expect(partnerView).toMatchObject({ closenessAverage30d: 3.5, participationBalance: 1 });
    expect(careTeamView).toEqual(partnerView);
  });

  it('moves the couple in the caseload with a completed session, in the completion transaction', async () => {
    // prepare: a couple overdue (16 days after it became ACTIVE) and granted
    api.clock.set(START);
    const practiceId = await createPractice(api, 'dia-admin-done');
    const { a, b, coupleId } = await couples();
    api.clock.set(new Date(Date.parse(START) + 16 * 86_400_000));
    await grantBoth(api, [a, b], coupleId, practiceId);
    const session = await startSession(api, a, coupleId, { promptCount: 1 });
    await answerPrompt(api, a, session.id, session.prompts[0].prompt.id, 'Here');
    await answerPrompt(api, b, session.id, session.prompts[0].prompt.id, 'Here too');
    const overdue = await healthAs('dia-admin-done', coupleId);

    // act
    dieAfterCommit = true;
    await api.as(a, COMPLETE_SESSION, { id: session.id }).catch(() => undefined);
    dieAfterCommit = false;
    dead = false;
    const reconnected = await healthAs('dia-admin-done', coupleId);

    // assert
    expect(overdue.driftRisk).not.toBe('LOW');
    expect(reconnected).toEqual(await healthAs(a, coupleId));
    expect(reconnected.sessionsLast30Days).toBe(1);
  });
});
