import type { InProcessEvents } from '../../local/events/in-process-events';
import { answerPrompt, dataOf, freshCouples, startSession, COMPLETE_SESSION } from '../support/operations';
import { CASELOAD, createPractice, grantBoth } from '../support/practice-operations';
import { writeReflection } from '../support/reflection-operations';
import { createTestSweep, type TestSweep } from '../support/reminders';
import { createTestApi, type TestApi } from '../support/test-api';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { testEvents } from '../support/webhooks';

const START = '2026-11-26T12:00:00.000Z';

/**
 * The caseload follows what changes drift: a write moves a couple in the
 * DRIFT_RISK order in the request that made it, and time alone (a couple
 * becoming overdue) within one sweep; a rise to HIGH alerts each practice
 * with an active grant once, through its webhooks.
 */
describe('drift tracking and care-team alerts', () => {
  let api: TestApi;
  let events: InProcessEvents;
  let sweep: TestSweep;
  let hook: Receiver;
  const couples = freshCouples(() => api);

  beforeAll(async () => {
    api = await createTestApi('drift-tracking', { events: { publish: (batch) => events.bus.publish(batch) } });
    events = testEvents(api.table);
    sweep = createTestSweep(api, { events: { publish: (batch) => events.bus.publish(batch) } });
    hook = await startReceiver(() => 204);
  });
  afterEach(() => {
    hook.requests.splice(0);
    api.clock.set(START);
  });
  afterAll(async () => {
    events.close();
    sweep.close();
    await hook.close();
    await api.drop();
  });

  async function driftOrder(member: string, practiceId: string): Promise<string[]> {
    const page = dataOf(await api.as(member, CASELOAD, { id: practiceId, orderBy: 'DRIFT_RISK' }), 'caseload').practice.couples;
    return page.edges.map((e: { node: { couple: { id: string } } }) => e.node.couple.id);
  }

  async function riskOf(sub: string, coupleId: string): Promise<string> {
    return dataOf(await api.as(sub, 'query($id: ID!) { couple(id: $id) { health { driftRisk } } }', { id: coupleId }), 'health').couple
      .health.driftRisk;
  }

  /**
   * Every delivery so far: the API and the sweep publish through `events.bus`,
   * so once it is idle every alert they caused has reached the receiver (or never will).
   */
  async function deliveries(): Promise<any[]> {
    await events.idle();
    return hook.requests.map((r) => JSON.parse(r.body));
  }

  it('moves a couple in the DRIFT_RISK order in the request of the write that changed its drift', async () => {
    // prepare
    api.clock.set(START);
    const practiceId = await createPractice(api, 'dana');
    const first = await couples();
    const second = await couples();
    await grantBoth(api, [first.a, first.b], first.coupleId, practiceId);
    await grantBoth(api, [second.a, second.b], second.coupleId, practiceId);
    const before = await driftOrder('dana', practiceId);

    // act: one partner of the second couple feels distant (LOW_CLOSENESS and ONE_SIDED_PARTICIPATION: HIGH)
    await writeReflection(api, second.a, second.coupleId, { body: 'Far apart', closeness: 2 });
    const after = await driftOrder('dana', practiceId);

    // assert
    expect(new Set(before)).toEqual(new Set([first.coupleId, second.coupleId]));
    expect(after).toEqual([second.coupleId, first.coupleId]);
    expect(await riskOf('dana', second.coupleId)).toBe('HIGH');
  });

  it('moves a couple that becomes overdue with no write at all, within one sweep', async () => {
    // prepare
    api.clock.set(START);
    const practiceId = await createPractice(api, 'ezra');
    const quiet = await couples();
    await grantBoth(api, [quiet.a, quiet.b], quiet.coupleId, practiceId);
    api.clock.advanceDays(5);
    const busy = await couples();
    await grantBoth(api, [busy.a, busy.b], busy.coupleId, practiceId);
    // Both feel distant (LOW_CLOSENESS alone: MEDIUM).
    await writeReflection(api, busy.a, busy.coupleId, { body: 'Hard week', closeness: 3 });
    await writeReflection(api, busy.b, busy.coupleId, { body: 'Hard week for me too', closeness: 3 });
    const before = await driftOrder('ezra', practiceId);

    // act: 16 days after the quiet couple became ACTIVE it is overdue; only the sweep runs
    api.clock.set(new Date(Date.parse(START) + 16 * 86_400_000));
    await sweep.run(api.clock.now().toISOString());
    const after = await driftOrder('ezra', practiceId);

    // assert: both MEDIUM now; within a level, longest since last reconnect first
    expect(before).toEqual([busy.coupleId, quiet.coupleId]);
    expect(after).toEqual([quiet.coupleId, busy.coupleId]);
  });

  it('alerts each granted practice once per rise to HIGH, by a write or by time, through its webhooks', async () => {
    // prepare: one practice with a webhook for care-team alerts, and a couple that feels distant (MEDIUM)
    api.clock.set(START);
    const practiceId = await createPractice(api, 'faye');
    dataOf(
      await api.as(
        'faye',
        `mutation($p: ID!, $url: String!) { createWebhook(input: { practiceId: $p, url: $url, events: [CARE_TEAM_ALERT] }) { webhook { id } } }`,
        {
          p: practiceId,
          url: hook.url,
        },
      ),
      'createWebhook',
    );
    const { a, b, coupleId } = await couples();
    await grantBoth(api, [a, b], coupleId, practiceId);
    // Ana is fine, Ben is not: LOW_CLOSENESS alone (mean 3.5), never one-sided: MEDIUM.
    await writeReflection(api, a, coupleId, { body: 'Fine', closeness: 6 });
    await writeReflection(api, b, coupleId, { body: 'Distant', closeness: 1 });

    // act 1: time makes it overdue too: HIGH; a second sweep changes nothing
    api.clock.set(new Date(Date.parse(START) + 16 * 86_400_000));
    await sweep.run(api.clock.now().toISOString());
    await sweep.run(api.clock.now().toISOString());
    const firstAlerts = await deliveries();

    // act 2: they reconnect (no longer overdue: MEDIUM); sixteen days later they write of feeling distant again (by a write: HIGH)
    const session = await startSession(api, a, coupleId, { promptCount: 1 });
    const promptId = session.prompts[0].prompt.id;
    await answerPrompt(api, a, session.id, promptId, 'Here');
    await answerPrompt(api, b, session.id, promptId, 'Here too');
    dataOf(await api.as(a, COMPLETE_SESSION, { id: session.id }), 'complete');
    const afterReconnect = await riskOf(a, coupleId);
    api.clock.set(new Date(api.clock.now().getTime() + 16 * 86_400_000));
    await writeReflection(api, a, coupleId, { body: 'Apart again', closeness: 2 });
    await writeReflection(api, b, coupleId, { body: 'Apart again', closeness: 2 });
    const allAlerts = await deliveries();

    // assert
    expect(firstAlerts.map((body) => body.type)).toEqual(['CARE_TEAM_ALERT']);
    expect(firstAlerts[0].data).toEqual(expect.objectContaining({ practiceId, coupleId }));
    expect(Object.keys(firstAlerts[0].data).sort()).toEqual(['coupleId', 'dueAt', 'eventId', 'practiceId', 'reminderId']);
    expect(afterReconnect).toBe('MEDIUM');
    expect(allAlerts.map((body) => body.type)).toEqual(['CARE_TEAM_ALERT', 'CARE_TEAM_ALERT']);
    expect(allAlerts[0]).toEqual(firstAlerts[0]);
    const reminder = await api.as('faye', 'query($id: ID!) { node(id: $id) { id ... on Reminder { kind status } } }', {
      id: allAlerts[1].data.reminderId,
    });
    expect(reminder.data.node).toEqual({ id: allAlerts[1].data.reminderId, kind: 'CARE_TEAM_ALERT', status: 'PENDING' });
  });
});
