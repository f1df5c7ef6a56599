import { localIdOf, toGlobalId } from '../../functions/shared/ids/global-id';
import { encodeCursor } from '../../functions/shared/pagination/cursor';
import { LEAVE_COUPLE, createActiveCouple, dataOf, startSession } from '../support/operations';
import {
  ACKNOWLEDGE_REMINDER,
  COUPLE_REMINDERS,
  REMINDER_FIELDS,
  createTestSweep,
  reconnect,
  remindersOf,
  type TestSweep,
} from '../support/reminders';
import { seededRandom } from '../support/seeded-random';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

/**
 * Reminders through the GraphQL handler: `Couple.reminders`, `node(id:)`
 * and `acknowledgeReminder`. The reminders are made by the real sweep on
 * the same table.
 */
const START = '2026-11-26T12:00:00.000Z';
const DUE = ['2026-12-06T19:00:00.000Z', '2026-12-11T19:00:00.000Z', '2026-12-16T19:00:00.000Z'];

describe('reminders API', () => {
  let api: TestApi;
  let sweep: TestSweep;
  let counter = 0;

  beforeAll(async () => {
    api = await createTestApi('reminders-api', { random: seededRandom(3) });
    sweep = createTestSweep(api);
  });
  afterEach(() => api.clock.set(START));
  afterAll(async () => {
    sweep.close();
    await api.drop();
  });

  /** A fresh couple of two new people, reminded at each of `at` (every couple of this file is reminded alike). */
  async function remindedCouple(at: readonly string[] = DUE.slice(0, 1)): Promise<{ a: string; b: string; coupleId: string }> {
    counter += 1;
    const [a, b] = [`ana${counter}`, `ben${counter}`];
    api.clock.set(START);
    const coupleId = await createActiveCouple(api, a, b, 'UTC');
    for (const instant of at) await sweep.run(instant);
    return { a, b, coupleId };
  }

  describe('Couple.reminders', () => {
    it('lists newest first and pages with cursors', async () => {
      // prepare
      const { a, coupleId } = await remindedCouple(DUE);

      // act
      const first = await api.as(a, COUPLE_REMINDERS, { id: coupleId, first: 2 });
      const rest = await api.as(a, COUPLE_REMINDERS, { id: coupleId, first: 2, after: first.data.couple.reminders.pageInfo.endCursor });

      // assert
      expect(first.errors).toBeUndefined();
      const page1 = first.data.couple.reminders;
      expect(page1.edges.map((e: any) => e.node.dueAt)).toEqual([DUE[2], DUE[1]]);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      expect(rest.data.couple.reminders.edges.map((e: any) => e.node.dueAt)).toEqual([DUE[0]]);
      expect(rest.data.couple.reminders.pageInfo.hasNextPage).toBe(false);
    });

    it('filters by status, one list per status', async () => {
      // prepare
      const { a, b, coupleId } = await remindedCouple(DUE);
      const [newest] = await remindersOf(api, a, coupleId, 'PENDING');
      dataOf(await api.as(b, ACKNOWLEDGE_REMINDER, { id: newest.id }), 'acknowledge');

      // act
      const [pending, acknowledged, resolved] = await Promise.all(
        ['PENDING', 'ACKNOWLEDGED', 'RESOLVED'].map((status) => remindersOf(api, a, coupleId, status)),
      );

      // assert
      expect(pending).toEqual([]);
      expect(acknowledged!.map((r) => r.dueAt)).toEqual([DUE[2]]);
      expect(resolved!.map((r) => r.dueAt)).toEqual([DUE[1], DUE[0]]);
    });

    it('pages a status list and refuses a cursor of another list', async () => {
      // prepare
      const { a, coupleId } = await remindedCouple(DUE);
      const page = (await api.as(a, COUPLE_REMINDERS, { id: coupleId, status: 'RESOLVED', first: 1 })).data.couple.reminders;

      // act
      const next = await api.as(a, COUPLE_REMINDERS, { id: coupleId, status: 'RESOLVED', first: 1, after: page.pageInfo.endCursor });
      const wrongList = await api.as(a, COUPLE_REMINDERS, { id: coupleId, first: 1, after: page.pageInfo.endCursor });
      const forged = encodeCursor(`REMINDERS#${localIdOf(coupleId, 'Couple')}#ALL`, { pk: 'COUPLE#someone-else', sk: 'REMINDER#2026' });
      const elsewhere = await api.as(a, COUPLE_REMINDERS, { id: coupleId, first: 1, after: forged });

      // assert
      expect(page.edges.map((e: any) => e.node.dueAt)).toEqual([DUE[1]]);
      expect(next.data.couple.reminders.edges.map((e: any) => e.node.dueAt)).toEqual([DUE[0]]);
      expect(next.data.couple.reminders.pageInfo.hasNextPage).toBe(false);
      expect(errorCodes(wrongList)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(elsewhere)).toEqual(['BAD_USER_INPUT']);
    });

    it('is hidden from anyone but the partners', async () => {
      // prepare
      const { coupleId } = await remindedCouple();

      // act
      const stranger = await api.as('stranger', COUPLE_REMINDERS, { id: coupleId });

      // assert
      expect(stranger.errors).toBeUndefined();
      expect(stranger.data.couple).toBeNull();
    });

    it('suggests a prompt drawn from the couple history, as startSession would', async () => {
      // prepare: one reconnect with three prompts of three themes
      const { a, b, coupleId } = await remindedCouple([]);
      api.clock.set('2026-11-27T19:00:00.000Z');
      const sessionId = await reconnect(api, a, b, coupleId);
      const drawn = (
        await api.as(a, `query($id: ID!) { session(id: $id) { prompts { prompt { id theme } } } }`, { id: sessionId })
      ).data.session.prompts.map((p: any) => p.prompt);
      await sweep.run('2026-12-07T19:00:00.000Z');

      // act
      const [reminder] = await remindersOf(api, a, coupleId);

      // assert: a fresh prompt of a theme the couple has not just talked about
      expect(reminder.daysSinceLastReconnect).toBe(10);
      expect(drawn.map((p: any) => p.id)).not.toContain(reminder.suggestedPrompt.id);
      expect(drawn.map((p: any) => p.theme)).not.toContain(reminder.suggestedPrompt.theme);
    });
  });

  describe('node(id:)', () => {
    it('returns a reminder to a partner and null to anyone else', async () => {
      // prepare
      const { a, coupleId } = await remindedCouple();
      const [reminder] = await remindersOf(api, a, coupleId);
      const query = `query($id: ID!) { node(id: $id) { ... on Reminder { ${REMINDER_FIELDS} } } }`;

      // act
      const mine = await api.as(a, query, { id: reminder.id });
      const theirs = await api.as('stranger', query, { id: reminder.id });
      const forged = await api.as(a, query, { id: toGlobalId('Reminder', 'not-a-reminder') });

      // assert
      expect(mine.data.node).toEqual(reminder);
      expect(theirs.data.node).toBeNull();
      expect(forged.data.node).toBeNull();
    });
  });

  describe('acknowledgeReminder', () => {
    it('lets a partner acknowledge a PENDING reminder, once', async () => {
      // prepare
      const { a, b, coupleId } = await remindedCouple();
      const [reminder] = await remindersOf(api, a, coupleId);
      api.clock.set('2026-12-06T20:15:00.000Z');

      // act
      const first = await api.as(b, ACKNOWLEDGE_REMINDER, { id: reminder.id });
      api.clock.set('2026-12-07T08:00:00.000Z');
      const second = await api.as(a, ACKNOWLEDGE_REMINDER, { id: reminder.id });

      // assert
      expect(first.errors).toBeUndefined();
      expect(first.data.acknowledgeReminder).toMatchObject({
        id: reminder.id,
        status: 'ACKNOWLEDGED',
        acknowledgedAt: '2026-12-06T20:15:00.000Z',
      });
      expect(second.data.acknowledgeReminder).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: '2026-12-06T20:15:00.000Z' });
      expect(await remindersOf(api, a, coupleId, 'PENDING')).toEqual([]);
    });

    it('returns a RESOLVED reminder unchanged', async () => {
      // prepare
      const { a, coupleId } = await remindedCouple(DUE.slice(0, 2));
      const [, resolved] = await remindersOf(api, a, coupleId);

      // act
      const response = await api.as(a, ACKNOWLEDGE_REMINDER, { id: resolved.id });

      // assert
      expect(response.data.acknowledgeReminder).toMatchObject({ status: 'RESOLVED', acknowledgedAt: null });
    });

    it('answers NOT_FOUND to anyone but a partner, and for ids that name no reminder', async () => {
      // prepare
      const { a, coupleId } = await remindedCouple();
      const [reminder] = await remindersOf(api, a, coupleId);

      // act
      const responses = await Promise.all([
        api.as('stranger', ACKNOWLEDGE_REMINDER, { id: reminder.id }),
        api.as(a, ACKNOWLEDGE_REMINDER, { id: toGlobalId('Reminder', 'garbage') }),
        api.as(a, ACKNOWLEDGE_REMINDER, { id: coupleId }),
        api.as(a, ACKNOWLEDGE_REMINDER, { id: reminder.id.replace(/.$/, '') }),
      ]);

      // assert
      for (const response of responses) {
        expect(errorCodes(response)).toEqual(['NOT_FOUND']);
        expect(response.errors?.[0]?.message).toBe('Reminder not found');
      }
      expect((await remindersOf(api, a, coupleId))[0].status).toBe('PENDING');
    });

    it('needs the couple:write scope', async () => {
      // prepare
      const { a, coupleId } = await remindedCouple();
      const [reminder] = await remindersOf(api, a, coupleId);

      // act
      const response = await api.as(a, ACKNOWLEDGE_REMINDER, { id: reminder.id }, { scope: 'couple:read' });

      // assert
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    });

    it('refuses with CONFLICT once the couple ENDED (read-only history)', async () => {
      // prepare
      const { a, coupleId } = await remindedCouple();
      const [reminder] = await remindersOf(api, a, coupleId);
      dataOf(await api.as(a, LEAVE_COUPLE, { id: coupleId }), 'leaveCouple');

      // act
      const response = await api.as(a, ACKNOWLEDGE_REMINDER, { id: reminder.id });

      // assert
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect((await remindersOf(api, a, coupleId))[0].status).toBe('PENDING');
    });

    it('lets two partners acknowledging at once both succeed with one acknowledgement', async () => {
      // prepare
      const { a, b, coupleId } = await remindedCouple();
      const [reminder] = await remindersOf(api, a, coupleId);

      // act
      const [fromA, fromB] = await Promise.all([
        api.as(a, ACKNOWLEDGE_REMINDER, { id: reminder.id }),
        api.as(b, ACKNOWLEDGE_REMINDER, { id: reminder.id }),
      ]);

      // assert
      expect(fromA.errors).toBeUndefined();
      expect(fromB.errors).toBeUndefined();
      expect(fromA.data.acknowledgeReminder.acknowledgedAt).toBe(fromB.data.acknowledgeReminder.acknowledgedAt);
      expect(await remindersOf(api, a, coupleId, 'ACKNOWLEDGED')).toHaveLength(1);
    });
  });

  it('keeps an in-progress session unaffected by the sweep', async () => {
    // prepare: a session running at the due instant
    const { a, coupleId } = await remindedCouple([]);
    api.clock.set('2026-12-06T18:30:00.000Z');
    const session = await startSession(api, a, coupleId);

    // act
    const result = await sweep.run(DUE[0] as string);

    // assert: still reminded (no reconnect yet), and the session is untouched
    expect(result.remindersCreated).toBeGreaterThanOrEqual(1);
    const after = await api.as(a, `query($id: ID!) { session(id: $id) { status } }`, { id: session.id });
    expect(after.data.session.status).toBe('IN_PROGRESS');
  });
});
