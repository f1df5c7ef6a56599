import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createSweepHandler, SweepFailedError } from '../../functions/reminders/create-sweep-handler';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import type { DomainEvent } from '../../functions/shared/events/domain-event';
import {
  CANCEL_SESSION,
  START_SESSION,
  COMPLETE_SESSION,
  answerPrompt,
  COUPLE_BY_ID,
  LEAVE_COUPLE,
  UPDATE_PLAN,
  createActiveCouple,
  createCouple,
  dataOf,
  scheduleSession,
  startSession,
} from '../support/operations';
import {
  ACKNOWLEDGE_REMINDER,
  budgetOf,
  coupleItemOf,
  createTestSweep,
  lambdaContext,
  reconnect,
  remindersOf,
  testSweepConfig,
  type TestSweep,
} from '../support/reminders';
import { WRITE_REFLECTION } from '../support/reflection-operations';
import { seededRandom } from '../support/seeded-random';
import { createTestApi, type TestApi } from '../support/test-api';

/**
 * The sweep end to end: couples and sessions made through the GraphQL
 * handler, the sweep run through the same factory as the Lambda entry, both
 * on one DynamoDB Local table, with the instant of each sweep chosen by the
 * test. Each test gets its own table, so counts are its own.
 *
 * Couples are formed at 2026-11-26T12:00Z in UTC with the default plan
 * (3 per month at 19:00): the first reminder is due 2026-12-06T19:00Z, and
 * an unanswered one is followed 5 days later.
 */
const FIRST_DUE = '2026-12-06T19:00:00.000Z';

describe('reminder sweep', () => {
  let api: TestApi;
  let sweep: TestSweep;

  beforeEach(async () => {
    api = await createTestApi('sweep', { random: seededRandom(5) });
    sweep = createTestSweep(api);
  });
  afterEach(async () => {
    sweep.close();
    await api.drop();
  });

  const active = (a: string, b: string) => createActiveCouple(api, a, b, 'UTC');
  const couple = async (sub: string, id: string) => dataOf(await api.as(sub, COUPLE_BY_ID, { id }), 'couple').couple;

  /** Every entry of a byDue partition (the sweep's own view of who is due). */
  async function dueIndex(partition: string): Promise<{ pk: string; dueAt: string }[]> {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: api.table.endpoint });
    try {
      const result = await client.send(
        new QueryCommand({
          TableName: api.table.tableName,
          IndexName: 'byDue',
          KeyConditionExpression: 'duePk = :p',
          ExpressionAttributeValues: { ':p': partition },
        }),
      );
      return (result.Items ?? []).map((item) => ({ pk: String(item.pk), dueAt: String(item.dueAt) }));
    } finally {
      client.destroy();
    }
  }

  describe('due and not-due couples', () => {
    it('reminds a due couple once for its due instant and leaves a couple that is not due yet', async () => {
      // prepare
      const due = await active('ann', 'bob');
      api.clock.advanceDays(1);
      const later = await active('cat', 'dan');

      // act
      const first = await sweep.run(FIRST_DUE);
      const again = await sweep.run(FIRST_DUE);

      // assert
      expect(first).toMatchObject({ dueCouples: 1, remindersCreated: 1, reconnectDueCreated: 1, complete: true, failed: 0 });
      expect(again).toMatchObject({ dueCouples: 0, remindersCreated: 0 });
      const [reminder, ...others] = await remindersOf(api, 'ann', due);
      expect(others).toEqual([]);
      expect(reminder).toMatchObject({
        kind: 'RECONNECT_DUE',
        status: 'PENDING',
        dueAt: FIRST_DUE,
        createdAt: FIRST_DUE,
        acknowledgedAt: null,
        resolvedAt: null,
        daysSinceLastReconnect: null,
        couple: { id: due },
        session: null,
      });
      expect(reminder.suggestedPrompt.id).toEqual(expect.any(String));
      expect(await remindersOf(api, 'cat', later)).toEqual([]);
      expect((await couple('ann', due)).nextReminderAt).toBe('2026-12-11T19:00:00.000Z');
      expect((await couple('cat', later)).nextReminderAt).toBe('2026-12-07T19:00:00.000Z');
    });

    it('reads only due entries: the index holds each couple once, by its nextReminderAt', async () => {
      // prepare
      const ids = [await active('ann', 'bob'), await active('cat', 'dan')];

      // act
      const early = await sweep.run('2026-12-06T18:59:59.999Z');

      // assert
      expect(early).toMatchObject({ dueCouples: 0, remindersCreated: 0 });
      expect(sweep.requests.byCommand.ScanCommand).toBeUndefined();
      const entries = await dueIndex('DUE');
      expect(entries.map((e) => e.dueAt)).toEqual([FIRST_DUE, FIRST_DUE]);
      for (const id of ids) expect((await couple(id === ids[0] ? 'ann' : 'cat', id)).nextReminderAt).toBe(FIRST_DUE);
    });

    it('never reminds an AWAITING_PARTNER or ENDED couple: neither is in the index', async () => {
      // prepare
      await createCouple(api, 'solo', 'UTC');
      const ended = await active('ann', 'bob');
      dataOf(await api.as('ann', LEAVE_COUPLE, { id: ended }), 'leaveCouple');

      // act
      const result = await sweep.run('2027-06-01T00:00:00.000Z');

      // assert
      expect(result).toMatchObject({ dueCouples: 0, remindersCreated: 0, resumedCouples: 0 });
      expect([...(await dueIndex('DUE')), ...(await dueIndex('RESUME'))]).toEqual([]);
    });
  });

  describe('paused plans', () => {
    it('keeps a paused couple out of DUE, brings it back when the pause ends, and reminds it then', async () => {
      // prepare: paused until 20 December 00:00Z, over the first due instant
      const id = await active('ann', 'bob');
      dataOf(await api.as('ann', UPDATE_PLAN, { input: { coupleId: id, pausedUntil: '2026-12-20T00:00:00Z' } }), 'pause');
      const whilePaused = await dueIndex('DUE');
      const resumeEntry = await dueIndex('RESUME');

      // act
      const duringPause = await sweep.run('2026-12-19T23:59:00.000Z');
      const pauseOver = await sweep.run('2026-12-20T00:00:00.000Z');
      const beforeReminderTime = await sweep.run('2026-12-20T18:59:00.000Z');
      const atReminderTime = await sweep.run('2026-12-20T19:00:00.000Z');

      // assert
      expect(whilePaused).toEqual([]);
      expect(resumeEntry.map((e) => e.dueAt)).toEqual(['2026-12-20T00:00:00.000Z']);
      expect(duringPause).toMatchObject({ dueCouples: 0, resumedCouples: 0, remindersCreated: 0 });
      expect(pauseOver).toMatchObject({ dueCouples: 0, resumedCouples: 1, remindersCreated: 0 });
      expect(beforeReminderTime).toMatchObject({ dueCouples: 0, remindersCreated: 0 });
      expect(atReminderTime).toMatchObject({ dueCouples: 1, remindersCreated: 1 });
      expect((await remindersOf(api, 'ann', id)).map((r) => r.dueAt)).toEqual(['2026-12-20T19:00:00.000Z']);
      expect(await dueIndex('RESUME')).toEqual([]);
    });

    it('reminds in the same run when the pause ends exactly at the reminder time', async () => {
      // prepare
      const id = await active('ann', 'bob');
      dataOf(await api.as('ann', UPDATE_PLAN, { input: { coupleId: id, pausedUntil: '2026-12-20T19:00:00Z' } }), 'pause');

      // act
      const result = await sweep.run('2026-12-20T19:00:00.000Z');

      // assert
      expect(result).toMatchObject({ resumedCouples: 1, dueCouples: 1, remindersCreated: 1 });
    });

    it('puts a couple whose pause is lifted straight back into DUE', async () => {
      // prepare
      const id = await active('ann', 'bob');
      dataOf(await api.as('ann', UPDATE_PLAN, { input: { coupleId: id, pausedUntil: '2026-12-20T00:00:00Z' } }), 'pause');

      // act
      dataOf(await api.as('ann', UPDATE_PLAN, { input: { coupleId: id, pausedUntil: null } }), 'resume');
      const result = await sweep.run(FIRST_DUE);

      // assert
      expect(await dueIndex('RESUME')).toEqual([]);
      expect(result).toMatchObject({ dueCouples: 1, remindersCreated: 1 });
    });
  });

  describe('unanswered reminders', () => {
    it('follows up half an interval later, replaces the previous reminder, and stops after three in a row', async () => {
      // prepare
      const id = await active('ann', 'bob');

      // act
      const results = [];
      for (const at of [
        FIRST_DUE,
        '2026-12-11T19:00:00.000Z',
        '2026-12-16T19:00:00.000Z',
        '2026-12-21T19:00:00.000Z',
        '2027-03-01T00:00:00.000Z',
      ]) {
        results.push(await sweep.run(at));
      }

      // assert
      expect(results.map((r) => r.remindersCreated)).toEqual([1, 1, 1, 0, 0]);
      const reminders = await remindersOf(api, 'ann', id);
      expect(reminders.map((r) => [r.dueAt, r.status])).toEqual([
        ['2026-12-16T19:00:00.000Z', 'PENDING'],
        ['2026-12-11T19:00:00.000Z', 'RESOLVED'],
        [FIRST_DUE, 'RESOLVED'],
      ]);
      expect(reminders[1].resolvedAt).toBe('2026-12-16T19:00:00.000Z');
      expect((await couple('ann', id)).nextReminderAt).toBeNull();
      const item = await coupleItemOf(api, id);
      expect(item.consecutiveUnansweredReminders).toBe(3);
      expect(item.duePk).toBeUndefined();
    });

    it('shows in connection health as IGNORED_REMINDERS from the second one in a row, until a reconnect', async () => {
      // prepare
      const id = await active('ann', 'bob');
      const signals = async () =>
        dataOf(await api.as('ann', 'query($id: ID!) { couple(id: $id) { health { driftSignals } } }', { id }), 'health').couple.health
          .driftSignals;

      // act
      await sweep.run(FIRST_DUE);
      const afterOne = await signals();
      await sweep.run('2026-12-11T19:00:00.000Z');
      const afterTwo = await signals();
      api.clock.set('2026-12-12T10:00:00.000Z');
      await reconnect(api, 'ann', 'bob', id);
      const afterReconnect = await signals();

      // assert
      expect(afterOne).not.toContain('IGNORED_REMINDERS');
      expect(afterTwo).toContain('IGNORED_REMINDERS');
      expect(afterReconnect).not.toContain('IGNORED_REMINDERS');
    });

    it('does not count acknowledging as reconnecting; a newer reminder resolves the acknowledged one', async () => {
      // prepare
      const id = await active('ann', 'bob');
      await sweep.run(FIRST_DUE);
      const [first] = await remindersOf(api, 'ann', id);
      const acknowledged = dataOf(await api.as('bob', ACKNOWLEDGE_REMINDER, { id: first.id }), 'acknowledge').acknowledgeReminder;

      // act
      const next = await sweep.run('2026-12-11T19:00:00.000Z');

      // assert
      expect(next.remindersCreated).toBe(1);
      const [second, replaced] = await remindersOf(api, 'ann', id);
      expect(second).toMatchObject({ status: 'PENDING', dueAt: '2026-12-11T19:00:00.000Z' });
      expect(replaced).toMatchObject({ id: first.id, status: 'RESOLVED', acknowledgedAt: acknowledged.acknowledgedAt });
      expect((await coupleItemOf(api, id)).consecutiveUnansweredReminders).toBe(2);
    });

    it('recomputes the follow-up when the plan changes between reminders', async () => {
      // prepare
      const id = await active('ann', 'bob');
      await sweep.run(FIRST_DUE);

      // act: 6 per month (half interval 2.5 days) at 08:00
      const updated = dataOf(
        await api.as('ann', UPDATE_PLAN, { input: { coupleId: id, sessionsPerMonth: 6, reminderTime: '08:00' } }),
        'updateReconnectPlan',
      ).updateReconnectPlan;

      // assert: 6 Dec 19:00 + 2.5 days = 9 Dec 07:00 → 08:00 that day
      expect(updated.nextReminderAt).toBe('2026-12-09T08:00:00.000Z');
    });
  });

  describe('reconnecting', () => {
    it('resolves the pending reminder, resets the count and restarts the schedule from the reconnect', async () => {
      // prepare: three unanswered reminders stopped the schedule
      const id = await active('ann', 'bob');
      for (const at of [FIRST_DUE, '2026-12-11T19:00:00.000Z', '2026-12-16T19:00:00.000Z']) await sweep.run(at);
      api.clock.set('2026-12-31T10:00:00.000Z');

      // act
      await reconnect(api, 'ann', 'bob', id);
      const restarted = await sweep.run('2027-01-10T19:00:00.000Z');

      // assert
      const [fresh, ...older] = await remindersOf(api, 'ann', id);
      expect(older.map((r) => r.status)).toEqual(['RESOLVED', 'RESOLVED', 'RESOLVED']);
      expect(older[0].resolvedAt).toBe('2026-12-31T10:00:00.000Z');
      expect(restarted.remindersCreated).toBe(1);
      expect(fresh).toMatchObject({ dueAt: '2027-01-10T19:00:00.000Z', status: 'PENDING', daysSinceLastReconnect: 10 });
      // the count restarted at 1, so the follow-up is 5 days later rather than nothing
      expect((await couple('ann', id)).nextReminderAt).toBe('2027-01-15T19:00:00.000Z');
      expect((await coupleItemOf(api, id)).consecutiveUnansweredReminders).toBe(1);
      expect(await remindersOf(api, 'ann', id, 'PENDING')).toHaveLength(1);
    });

    it('resolves open reminders when a late reflection is what makes the session a reconnect', async () => {
      // prepare: ann completes a session alone (no reconnect), a reminder falls due
      const id = await active('ann', 'bob');
      const session = await startSession(api, 'ann', id);
      await answerPrompt(api, 'ann', session.id, session.prompts[0].prompt.id, 'alone');
      await api.as('ann', COMPLETE_SESSION, { id: session.id });
      await sweep.run(FIRST_DUE);
      api.clock.set('2026-12-07T10:00:00.000Z');

      // act: bob reflects on that session, so both took part after all
      const written = await api.as('bob', WRITE_REFLECTION, {
        input: { coupleId: id, sessionId: session.id, body: 'I was there in spirit' },
      });

      // assert
      expect(written.errors).toBeUndefined();
      expect(await remindersOf(api, 'ann', id, 'PENDING')).toEqual([]);
      const [resolved] = await remindersOf(api, 'ann', id);
      expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedAt: '2026-12-07T10:00:00.000Z' });
      // absent means 0; it was 1 after the unanswered reminder
      expect((await coupleItemOf(api, id)).consecutiveUnansweredReminders ?? 0).toBe(0);
    });

    it('never leaves a reminder PENDING when a reconnect races the sweep', async () => {
      // prepare: both partners answered; completing now is a reconnect
      const id = await active('ann', 'bob');
      api.clock.set('2026-12-06T18:45:00.000Z');
      const session = await startSession(api, 'ann', id);
      const promptId = session.prompts[0].prompt.id;
      await api.as('ann', 'mutation($i: AnswerPromptInput!) { answerPrompt(input: $i) { position } }', {
        i: { sessionId: session.id, promptId, text: 'yes' },
      });
      await api.as('bob', 'mutation($i: AnswerPromptInput!) { answerPrompt(input: $i) { position } }', {
        i: { sessionId: session.id, promptId, text: 'yes' },
      });

      // act: the sweep reaches the couple while the session completes
      const [, completed] = await Promise.all([
        sweep.run(FIRST_DUE),
        api.as('ann', 'mutation($id: ID!) { completeSession(input: { sessionId: $id }) { status } }', { id: session.id }),
      ]);

      // assert: either the sweep lost (no reminder) or the reconnect resolved its reminder
      expect(completed.errors).toBeUndefined();
      const reminders = await remindersOf(api, 'ann', id);
      expect(reminders.filter((r) => r.status !== 'RESOLVED')).toEqual([]);
      expect((await coupleItemOf(api, id)).consecutiveUnansweredReminders).toBeUndefined();
      expect((await couple('ann', id)).nextReminderAt).toBe('2026-12-16T19:00:00.000Z');
    });

    it('does not resolve reminders when only one partner took part', async () => {
      // prepare
      const id = await active('ann', 'bob');
      await sweep.run(FIRST_DUE);
      api.clock.set('2026-12-07T10:00:00.000Z');
      const session = await startSession(api, 'ann', id);

      // act
      dataOf(
        await api.as('ann', 'mutation($id: ID!) { completeSession(input: { sessionId: $id }) { id } }', { id: session.id }),
        'complete',
      );

      // assert
      expect((await remindersOf(api, 'ann', id)).map((r) => r.status)).toEqual(['PENDING']);
      expect((await coupleItemOf(api, id)).consecutiveUnansweredReminders).toBe(1);
    });
  });

  describe('concurrency and interruptions', () => {
    it('creates one reminder per couple when three sweeps run at the same instant', async () => {
      // prepare
      const ids = [await active('ann', 'bob'), await active('cat', 'dan'), await active('eve', 'fay'), await active('gus', 'hal')];
      const others = [createTestSweep(api, { random: seededRandom(1) }), createTestSweep(api, { random: seededRandom(2) })];

      // act
      const results = await Promise.all([sweep.run(FIRST_DUE), ...others.map((s) => s.run(FIRST_DUE))]);
      for (const s of others) s.close();

      // assert
      expect(results.reduce((sum, r) => sum + r.remindersCreated, 0)).toBe(4);
      expect(results.every((r) => r.failed === 0)).toBe(true);
      const subs = ['ann', 'cat', 'eve', 'gus'];
      for (const [index, id] of ids.entries()) {
        expect((await remindersOf(api, subs[index] as string, id)).map((r) => r.dueAt)).toEqual([FIRST_DUE]);
        expect((await coupleItemOf(api, id)).consecutiveUnansweredReminders).toBe(1);
      }
    });

    it('stops when the time budget runs out and the next run reminds the rest, each couple once', async () => {
      // prepare
      const subs = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
      const ids = [];
      for (const sub of subs) ids.push(await active(sub, `${sub}-partner`));
      const small = createTestSweep(api, { pageSize: 3 });

      // act: time runs out after 4 reminders (in the second page)
      const stopped = await small.run(FIRST_DUE, budgetOf(small.requests, 4));
      const rerun = await small.run(FIRST_DUE);
      small.close();

      // assert
      expect(stopped).toMatchObject({ complete: false, remindersCreated: 4 });
      expect(rerun).toMatchObject({ complete: true, remindersCreated: 3, dueCouples: 3 });
      for (const [index, id] of ids.entries()) {
        expect(await remindersOf(api, subs[index] as string, id)).toHaveLength(1);
      }
    });

    it('after a sweep killed mid-transaction (committed, never acknowledged), the rerun reminds every due couple once', async () => {
      // prepare: the Lambda "dies" right after DynamoDB commits the 3rd reminder; every later request fails
      const subs = ['k1', 'k2', 'k3', 'k4', 'k5'];
      const ids = [];
      for (const sub of subs) ids.push(await active(sub, `${sub}-partner`));
      const client = createDocumentClient({ region: 'us-east-1', endpoint: api.table.endpoint });
      let transactions = 0;
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (transactions >= 3) throw new Error('Lambda killed');
          if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
          transactions += 1;
          const output = await next(args);
          if (transactions === 3) throw new Error('Lambda killed');
          return output;
        },
        { step: 'initialize', name: 'killSwitch' },
      );
      const dying = createTestSweep(api, { overrides: { client } });

      // act
      const killed = await dying.run(FIRST_DUE).then(
        () => 'finished',
        (error: Error) => error.name,
      );
      const rerun = await sweep.run(FIRST_DUE);
      client.destroy();

      // assert
      expect(killed).not.toBe('finished');
      expect(rerun).toMatchObject({ complete: true, remindersCreated: 2, failed: 0 });
      for (const [index, id] of ids.entries()) {
        expect((await remindersOf(api, subs[index] as string, id)).map((r) => r.dueAt)).toEqual([FIRST_DUE]);
      }
    });
  });

  describe('SESSION_UPCOMING', () => {
    it.each(['start', 'cancel'])('resolves the SESSION_UPCOMING reminder when its session is %sed', async (action) => {
      // prepare
      const id = await active('ann', 'bob');
      const session = await scheduleSession(api, 'ann', id, '2026-12-01T20:00:00Z');
      await sweep.run('2026-12-01T19:00:00.000Z');
      api.clock.set('2026-12-01T19:55:00.000Z');

      // act
      const response =
        action === 'start'
          ? await api.as('bob', START_SESSION, { input: { coupleId: id, sessionId: session.id } })
          : await api.as('bob', CANCEL_SESSION, { id: session.id });

      // assert
      expect(response.errors).toBeUndefined();
      const [reminder] = await remindersOf(api, 'ann', id);
      expect(reminder).toMatchObject({ kind: 'SESSION_UPCOMING', status: 'RESOLVED', resolvedAt: '2026-12-01T19:55:00.000Z' });
      expect((await coupleItemOf(api, id)).openReminderIds ?? []).toEqual([]);
    });

    it('reminds once, an hour before a scheduled session, and a reconnect in it resolves the reminder', async () => {
      // prepare
      const id = await active('ann', 'bob');
      const session = await scheduleSession(api, 'ann', id, '2026-12-01T20:00:00Z');

      // act
      const early = await sweep.run('2026-12-01T18:59:00.000Z');
      const due = await sweep.run('2026-12-01T19:00:00.000Z');
      const again = await sweep.run('2026-12-01T19:15:00.000Z');

      // assert
      expect(early.upcomingSessions).toBe(0);
      expect(due).toMatchObject({ upcomingSessions: 1, sessionUpcomingCreated: 1, remindersCreated: 1, dueCouples: 0 });
      expect(again).toMatchObject({ upcomingSessions: 0, remindersCreated: 0 });
      const [reminder] = await remindersOf(api, 'ann', id);
      expect(reminder).toMatchObject({
        kind: 'SESSION_UPCOMING',
        status: 'PENDING',
        dueAt: '2026-12-01T19:00:00.000Z',
        session: { id: session.id, scheduledFor: '2026-12-01T20:00:00.000Z' },
        suggestedPrompt: null,
      });

      // act: they meet and reconnect in that session
      api.clock.set('2026-12-01T20:00:00.000Z');
      await reconnect(api, 'ann', 'bob', id, session.id);

      // assert
      expect((await remindersOf(api, 'ann', id)).map((r) => r.status)).toEqual(['RESOLVED']);
    });

    it('does not remind for a session started early, cancelled, or whose start already passed', async () => {
      // prepare
      const id = await active('ann', 'bob');
      const startedEarly = await scheduleSession(api, 'ann', id, '2026-12-01T20:00:00Z');
      const cancelled = await scheduleSession(api, 'ann', id, '2026-12-01T20:30:00Z');
      await scheduleSession(api, 'ann', id, '2026-12-01T21:00:00Z');
      await startSession(api, 'ann', id, { sessionId: startedEarly.id });
      dataOf(await api.as('bob', CANCEL_SESSION, { id: cancelled.id }), 'cancelSession');

      // act: the sweep was down until after the third one's start
      const late = await sweep.run('2026-12-01T21:05:00.000Z');

      // assert
      expect(late).toMatchObject({ upcomingSessions: 1, sessionUpcomingCreated: 0, skipped: 1 });
      expect(await remindersOf(api, 'ann', id)).toEqual([]);
      expect(await dueIndex('UPCOMING')).toEqual([]);
    });
  });

  describe('the Lambda handler', () => {
    it('sweeps at the current time outside the local stage, whatever instant the event names', async () => {
      // prepare: a couple due at FIRST_DUE; the clock says 26 November
      await active('ann', 'bob');
      const client = createDocumentClient({ region: 'us-east-1', endpoint: api.table.endpoint });
      const published: DomainEvent[] = [];
      const cloud = createSweepHandler(
        { ...testSweepConfig(api.table), stage: 'cloud' },
        { client, clock: api.clock, events: { publish: async (events) => void published.push(...events) } },
      );

      // act
      const result = await cloud(
        { now: '2027-01-01T00:00:00Z', source: 'aws.events' },
        lambdaContext(() => 60_000),
      );
      client.destroy();

      // assert
      expect(result).toMatchObject({ now: api.clock.now().toISOString(), dueCouples: 0, remindersCreated: 0 });
      expect(published).toEqual([]);
    });

    it('fails the invocation when an entry failed (Lambda retries it, then the DLQ), leaving the entry due', async () => {
      // prepare: every transaction fails
      await active('ann', 'bob');
      await active('cat', 'dan');
      const client = createDocumentClient({ region: 'us-east-1', endpoint: api.table.endpoint });
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'TransactWriteItemsCommand') throw new Error('DynamoDB unavailable');
          return next(args);
        },
        { step: 'initialize', name: 'brokenTransactions' },
      );
      const broken = createTestSweep(api, { overrides: { client } });

      // act
      const failure = await broken.run(FIRST_DUE).catch((error: unknown) => error);
      const rerun = await sweep.run(FIRST_DUE);
      client.destroy();

      // assert
      expect(failure).toBeInstanceOf(SweepFailedError);
      expect((failure as SweepFailedError).result).toMatchObject({ dueCouples: 2, failed: 2, remindersCreated: 0 });
      expect(rerun).toMatchObject({ dueCouples: 2, remindersCreated: 2, failed: 0 });
    });
  });
});
