import { builtinPrompts } from '../../functions/prompts/library/builtin-prompts';
import { toGlobalId } from '../../functions/shared/ids/global-id';
import {
  ANSWER_PROMPT,
  CANCEL_SESSION,
  COMPLETE_SESSION,
  COUPLE_BY_ID,
  COUPLE_SESSIONS,
  LEAVE_COUPLE,
  SCHEDULE_SESSION,
  SESSION_BY_ID,
  START_SESSION,
  UPDATE_PLAN,
  answerPrompt,
  freshCouples,
  type CoupleNames,
  createCouple,
  dataOf,
  scheduleSession,
  startSession,
} from '../support/operations';
import { seededRandom } from '../support/seeded-random';
import { createTestApi, errorCodes, type GraphqlResponse, type TestApi } from '../support/test-api';

const START = '2026-11-26T12:00:00.000Z';
const TOMORROW = '2026-11-27T19:00:00.000Z';

describe('reconnect sessions', () => {
  let api: TestApi;
  /** A fresh ACTIVE couple of two new people (each test gets its own). */
  const activeCouple = freshCouples(() => api);
  const promptIdsOf = (session: { prompts: { prompt: { id: string } }[] }) => session.prompts.map((p) => p.prompt.id);

  beforeAll(async () => {
    api = await createTestApi('sessions', { random: seededRandom(2026) });
  });
  afterEach(() => api.clock.set(START));
  afterAll(() => api.drop());

  describe('startSession', () => {
    it('starts an IN_PROGRESS session with 3 drawn prompts, everyone waiting', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const response = await api.as(a, START_SESSION, { input: { coupleId } });

      // assert
      expect(response.errors).toBeUndefined();
      const session = response.data.startSession;
      expect(session).toMatchObject({
        status: 'IN_PROGRESS',
        startedAt: START,
        scheduledFor: null,
        completedAt: null,
        bothParticipated: false,
        couple: { id: coupleId },
        startedBy: { displayName: `Ana${a.slice(3)}` },
      });
      expect(session.prompts.map((p: { position: number }) => p.position)).toEqual([1, 2, 3]);
      expect(new Set(session.prompts.map((p: { prompt: { theme: string } }) => p.prompt.theme)).size).toBe(3);
      for (const prompt of session.prompts) {
        expect(prompt.answers).toEqual([]);
        expect(prompt.waitingOn).toHaveLength(2);
      }
    });

    it('honours promptCount, themes and depth', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const session = await startSession(api, a, coupleId, { promptCount: 4, themes: ['REPAIR', 'TRUST'], depth: 'DEEP' });

      // assert
      expect(session.prompts).toHaveLength(4);
      for (const { prompt } of session.prompts) {
        expect(['REPAIR', 'TRUST']).toContain(prompt.theme);
        expect(prompt.depth).toBe('DEEP');
      }
      // spread over themes: two of each
      expect(session.prompts.filter((p: { prompt: { theme: string } }) => p.prompt.theme === 'REPAIR')).toHaveLength(2);
    });

    it('draws up to 10 prompts', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const session = await startSession(api, a, coupleId, { promptCount: 10 });

      // assert
      expect(session.prompts).toHaveLength(10);
      expect(new Set(promptIdsOf(session)).size).toBe(10);
    });

    it('lets exactly one of six racing starts win, from both partners', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();

      // act
      const responses = await Promise.all([a, b, a, b, a, b].map((sub) => api.as(sub, START_SESSION, { input: { coupleId } })));

      // assert
      const winners = responses.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      const winnerId = winners[0]?.data.startSession.id;
      const losers = responses.filter((r) => r.errors);
      expect(losers).toHaveLength(5);
      for (const loser of losers) {
        expect(errorCodes(loser)).toEqual(['CONFLICT']);
        expect(loser.errors?.[0]?.message).toContain('already has an IN_PROGRESS session');
        expect(loser.errors?.[0]?.extensions?.sessionId).toBe(winnerId);
      }
      const inProgress = await api.as(a, COUPLE_SESSIONS, { id: coupleId, status: 'IN_PROGRESS' });
      expect(inProgress.data.couple.sessions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([winnerId]);
    });

    it('frees the couple to start again once the session is completed or cancelled', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const first = await startSession(api, a, coupleId);
      await api.as(b, COMPLETE_SESSION, { id: first.id });

      // act
      const second = await api.as(b, START_SESSION, { input: { coupleId } });
      await api.as(a, CANCEL_SESSION, { id: second.data.startSession.id });
      const third = await api.as(a, START_SESSION, { input: { coupleId } });

      // assert
      expect(second.errors).toBeUndefined();
      expect(third.errors).toBeUndefined();
      expect(third.data.startSession.status).toBe('IN_PROGRESS');
    });

    it('is a CONFLICT naming AWAITING_PARTNER before the partner joined', async () => {
      // prepare
      const { coupleId } = await createCouple(api, 'lonely');

      // act
      const response = await api.as('lonely', START_SESSION, { input: { coupleId } });

      // assert
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(response.errors?.[0]?.message).toContain('AWAITING_PARTNER');
    });

    it('is a CONFLICT naming ENDED once a partner left; history stays readable', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      await api.as(b, LEAVE_COUPLE, { id: coupleId });

      // act
      const start = await api.as(a, START_SESSION, { input: { coupleId } });
      const schedule = await api.as(a, SCHEDULE_SESSION, { input: { coupleId, scheduledFor: TOMORROW } });
      const complete = await api.as(a, COMPLETE_SESSION, { id: session.id });
      const read = await api.as(b, SESSION_BY_ID, { id: session.id });

      // assert
      for (const response of [start, schedule, complete]) {
        expect(errorCodes(response)).toEqual(['CONFLICT']);
        expect(response.errors?.[0]?.message).toContain('ENDED');
      }
      expect(read.data.session.id).toBe(session.id);
    });
  });

  describe('scheduleSession', () => {
    it('schedules a session, then starts it with prompts drawn at start', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const scheduled = await scheduleSession(api, a, coupleId, '2026-11-27T20:00:00+01:00');

      // act
      api.clock.set(TOMORROW);
      const started = await api.as(b, START_SESSION, { input: { coupleId, sessionId: scheduled.id, promptCount: 2 } });

      // assert
      expect(scheduled).toMatchObject({ status: 'SCHEDULED', scheduledFor: TOMORROW, startedAt: null, startedBy: null, prompts: [] });
      expect(started.errors).toBeUndefined();
      expect(started.data.startSession).toMatchObject({
        id: scheduled.id,
        status: 'IN_PROGRESS',
        scheduledFor: TOMORROW,
        startedAt: TOMORROW,
        startedBy: { displayName: `Ben${b.slice(3)}` },
      });
      expect(started.data.startSession.prompts).toHaveLength(2);
    });

    it.each([
      ['2026-11-26T12:00:00Z', 'input.scheduledFor: must be in the future'],
      ['2026-11-01T12:00:00Z', 'input.scheduledFor: must be in the future'],
      ['2027-11-28T12:00:00Z', 'input.scheduledFor: must be at most 366 days ahead'],
    ])('refuses scheduledFor %s', async (scheduledFor, message) => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const response = await api.as(a, SCHEDULE_SESSION, { input: { coupleId, scheduledFor } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe(message);
    });

    it('accepts exactly 366 days ahead', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const response = await api.as(a, SCHEDULE_SESSION, { input: { coupleId, scheduledFor: '2027-11-27T12:00:00Z' } });

      // assert
      expect(response.errors).toBeUndefined();
    });

    it('refuses a malformed instant before any resolver runs', async () => {
      // act
      const response = await api.as('x', SCHEDULE_SESSION, { input: { coupleId: 'x', scheduledFor: 'next friday' } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toContain('input.scheduledFor');
    });
  });

  describe('state machine through the handler', () => {
    type Status = 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';
    type Action = 'start' | 'answer' | 'complete' | 'cancel';

    /** A session of a fresh couple in `status`. */
    async function sessionIn(status: Status): Promise<CoupleNames & { sessionId: string; promptId: string }> {
      const names = await activeCouple();
      const { a, b, coupleId } = names;
      const session =
        status === 'SCHEDULED' || status === 'CANCELLED'
          ? await scheduleSession(api, a, coupleId, TOMORROW)
          : await startSession(api, a, coupleId);
      if (status === 'COMPLETED') dataOf(await api.as(b, COMPLETE_SESSION, { id: session.id }), 'complete');
      if (status === 'CANCELLED') dataOf(await api.as(b, CANCEL_SESSION, { id: session.id }), 'cancel');
      const promptId = session.prompts[0]?.prompt.id ?? toGlobalId('Prompt', 'vul-001');
      return { ...names, sessionId: session.id, promptId };
    }

    function act(action: Action, who: string, s: { coupleId: string; sessionId: string; promptId: string }): Promise<GraphqlResponse> {
      switch (action) {
        case 'start':
          return api.as(who, START_SESSION, { input: { coupleId: s.coupleId, sessionId: s.sessionId } });
        case 'answer':
          return api.as(who, ANSWER_PROMPT, { input: { sessionId: s.sessionId, promptId: s.promptId, text: 'My answer' } });
        case 'complete':
          return api.as(who, COMPLETE_SESSION, { id: s.sessionId });
        case 'cancel':
          return api.as(who, CANCEL_SESSION, { id: s.sessionId });
      }
    }

    it.each([
      ['SCHEDULED', 'start', 'IN_PROGRESS'],
      ['SCHEDULED', 'cancel', 'CANCELLED'],
      ['IN_PROGRESS', 'answer', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'complete', 'COMPLETED'],
      ['IN_PROGRESS', 'cancel', 'CANCELLED'],
    ] as [Status, Action, Status][])('%s --%s--> %s', async (from, action, to) => {
      // prepare
      const s = await sessionIn(from);

      // act
      const response = await act(action, s.b, s);

      // assert
      expect(response.errors).toBeUndefined();
      const after = await api.as(s.a, SESSION_BY_ID, { id: s.sessionId });
      expect(after.data.session.status).toBe(to);
    });

    it.each([
      ['SCHEDULED', 'answer', 'only an IN_PROGRESS session can be answered'],
      ['SCHEDULED', 'complete', 'only an IN_PROGRESS session can be completed'],
      ['IN_PROGRESS', 'start', 'only a SCHEDULED session can be started'],
      ['COMPLETED', 'start', 'only a SCHEDULED session can be started'],
      ['COMPLETED', 'answer', 'only an IN_PROGRESS session can be answered'],
      ['COMPLETED', 'complete', 'only an IN_PROGRESS session can be completed'],
      ['COMPLETED', 'cancel', 'only a SCHEDULED or IN_PROGRESS session can be cancelled'],
      ['CANCELLED', 'start', 'only a SCHEDULED session can be started'],
      ['CANCELLED', 'answer', 'only an IN_PROGRESS session can be answered'],
      ['CANCELLED', 'complete', 'only an IN_PROGRESS session can be completed'],
      ['CANCELLED', 'cancel', 'only a SCHEDULED or IN_PROGRESS session can be cancelled'],
    ] as [Status, Action, string][])('refuses %s --%s--> with CONFLICT naming the status', async (from, action, rule) => {
      // prepare
      const s = await sessionIn(from);

      // act
      const response = await act(action, s.b, s);

      // assert
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(response.errors?.[0]?.message).toBe(`The session is ${from}; ${rule}`);
      expect(response.errors?.[0]?.extensions?.status).toBe(from);
      const after = await api.as(s.a, SESSION_BY_ID, { id: s.sessionId });
      expect(after.data.session.status).toBe(from);
    });

    it('lets exactly one of a racing complete and cancel win', async () => {
      // prepare
      const s = await sessionIn('IN_PROGRESS');

      // act
      const [complete, cancel] = await Promise.all([act('complete', s.a, s), act('cancel', s.b, s)]);

      // assert
      const results = [complete, cancel].map((r) => (r.errors ? errorCodes(r)[0] : 'ok')).sort();
      expect(results).toEqual(['CONFLICT', 'ok']);
    });
  });

  describe('answerPrompt and answer-then-reveal', () => {
    it('reveals a partner answer only once the caller answered the same prompt, from both sides', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const [first, second] = promptIdsOf(session) as [string, string];

      // act
      const anaAnswered = await answerPrompt(api, a, session.id, first, "Ana's secret worry");
      const benBefore = await api.as(b, SESSION_BY_ID, { id: session.id });
      const benOnOtherPrompt = await answerPrompt(api, b, session.id, second, "Ben's other answer");
      const benAnswered = await answerPrompt(api, b, session.id, first, "Ben's truth");
      const anaAfter = await api.as(a, SESSION_BY_ID, { id: session.id });
      const benAfter = await api.as(b, SESSION_BY_ID, { id: session.id });

      // assert: Ana sees only her own answer and waits on Ben
      expect(anaAnswered.answers.map((x: { text: string }) => x.text)).toEqual(["Ana's secret worry"]);
      expect(anaAnswered.waitingOn.map((p: { displayName: string }) => p.displayName)).toEqual([`Ben${b.slice(3)}`]);
      // Ben has not answered the first prompt: Ana's text reaches him by no path
      expect(JSON.stringify(benBefore)).not.toContain('secret worry');
      expect(JSON.stringify(benOnOtherPrompt)).not.toContain('secret worry');
      expect(benBefore.data.session.prompts[0].answers).toEqual([]);
      expect(benBefore.data.session.prompts[0].waitingOn.map((p: { displayName: string }) => p.displayName)).toEqual([`Ben${b.slice(3)}`]);
      // once Ben answered, both see both
      expect(benAnswered.answers.map((x: { text: string }) => x.text)).toEqual(["Ana's secret worry", "Ben's truth"]);
      expect(benAnswered.waitingOn).toEqual([]);
      expect(anaAfter.data.session.prompts[0].answers.map((x: { text: string }) => x.text)).toEqual(["Ana's secret worry", "Ben's truth"]);
      expect(benAfter.data.session.prompts[0].answers).toEqual(anaAfter.data.session.prompts[0].answers);
      // the second prompt: Ana has not answered it, so Ben's answer stays hidden from her
      expect(anaAfter.data.session.prompts[1].answers).toEqual([]);
      expect(JSON.stringify(anaAfter)).not.toContain("Ben's other answer");
      expect(anaAfter.data.session.bothParticipated).toBe(true);
    });

    it('keeps the answer hidden in the couple history list too', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      await answerPrompt(api, a, session.id, promptIdsOf(session)[0] as string, 'hidden in the list');

      // act
      const list = await api.as(
        b,
        `query($id: ID!) { couple(id: $id) { sessions { edges { node { prompts { answers { text } waitingOn { id } } } } } } }`,
        { id: coupleId },
      );

      // assert
      expect(list.errors).toBeUndefined();
      expect(JSON.stringify(list)).not.toContain('hidden in the list');
    });

    it('replaces the caller own answer when answering again, keeping the text as sent', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const promptId = promptIdsOf(session)[0] as string;
      await answerPrompt(api, a, session.id, promptId, 'first draft');
      await answerPrompt(api, b, session.id, promptId, 'Ben answers');

      // act
      api.clock.set('2026-11-26T12:30:00.000Z');
      const again = await answerPrompt(api, a, session.id, promptId, '  second thoughts  ');

      // assert
      expect(again.answers).toEqual([
        {
          author: expect.objectContaining({ displayName: `Ana${a.slice(3)}` }),
          text: '  second thoughts  ',
          answeredAt: '2026-11-26T12:30:00.000Z',
        },
        { author: expect.objectContaining({ displayName: `Ben${b.slice(3)}` }), text: 'Ben answers', answeredAt: START },
      ]);
    });

    it('keeps both answers when both partners answer at the same instant', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId, { promptCount: 2 });
      const [first, second] = promptIdsOf(session) as [string, string];

      // act
      const responses = await Promise.all([
        api.as(a, ANSWER_PROMPT, { input: { sessionId: session.id, promptId: first, text: 'Ana 1' } }),
        api.as(b, ANSWER_PROMPT, { input: { sessionId: session.id, promptId: first, text: 'Ben 1' } }),
        api.as(a, ANSWER_PROMPT, { input: { sessionId: session.id, promptId: second, text: 'Ana 2' } }),
        api.as(b, ANSWER_PROMPT, { input: { sessionId: session.id, promptId: second, text: 'Ben 2' } }),
      ]);

      // assert
      for (const response of responses) expect(response.errors).toBeUndefined();
      const after = await api.as(a, SESSION_BY_ID, { id: session.id });
      expect(after.data.session.prompts.map((p: { answers: { text: string }[] }) => p.answers.map((x) => x.text))).toEqual([
        ['Ana 1', 'Ben 1'],
        ['Ana 2', 'Ben 2'],
      ]);
      expect(after.data.session.bothParticipated).toBe(true);
    });

    it('refuses a real prompt that is not part of the session with BAD_USER_INPUT', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const other = builtinPrompts().find((p) => !promptIdsOf(session).includes(toGlobalId('Prompt', p.id)));

      // act
      const response = await api.as(a, ANSWER_PROMPT, {
        input: { sessionId: session.id, promptId: toGlobalId('Prompt', other?.id ?? ''), text: 'hi' },
      });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe('input.promptId: is not a prompt of this session');
    });

    it.each([
      ['', 'input.text: must not be empty'],
      ['   \n ', 'input.text: must not be empty'],
      ['x'.repeat(10_001), 'input.text: must be at most 10000 characters'],
    ])('refuses answer text %#', async (text, message) => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);

      // act
      const response = await api.as(a, ANSWER_PROMPT, { input: { sessionId: session.id, promptId: promptIdsOf(session)[0], text } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe(message);
    });

    it('accepts exactly 10,000 characters', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);

      // act
      const answered = await answerPrompt(api, a, session.id, promptIdsOf(session)[0] as string, 'y'.repeat(10_000));

      // assert
      expect(answered.answers[0].text).toHaveLength(10_000);
    });
  });

  describe('completeSession', () => {
    it('moves lastReconnectedAt and nextReminderAt when both took part', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      await answerPrompt(api, a, session.id, promptIdsOf(session)[0] as string, 'Ana');
      await answerPrompt(api, b, session.id, promptIdsOf(session)[1] as string, 'Ben');
      api.clock.set('2026-11-30T20:00:00.000Z');

      // act
      const response = await api.as(b, COMPLETE_SESSION, { id: session.id });
      const couple = await api.as(a, COUPLE_BY_ID, { id: coupleId });

      // assert
      expect(response.errors).toBeUndefined();
      const completed = response.data.completeSession;
      expect(completed).toMatchObject({ status: 'COMPLETED', completedAt: '2026-11-30T20:00:00.000Z', bothParticipated: true });
      // 3 sessions a month: 10 days after the reconnect, at 19:00 UTC
      expect(completed.couple).toMatchObject({ lastReconnectedAt: '2026-11-30T20:00:00.000Z', nextReminderAt: '2026-12-10T19:00:00.000Z' });
      expect(couple.data.couple).toMatchObject({
        lastReconnectedAt: '2026-11-30T20:00:00.000Z',
        nextReminderAt: '2026-12-10T19:00:00.000Z',
      });
    });

    it('leaves the couple alone when only one partner took part', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      await answerPrompt(api, a, session.id, promptIdsOf(session)[0] as string, 'Only Ana');
      api.clock.set('2026-11-30T20:00:00.000Z');

      // act
      const response = await api.as(a, COMPLETE_SESSION, { id: session.id });

      // assert
      expect(response.data.completeSession).toMatchObject({
        status: 'COMPLETED',
        bothParticipated: false,
        couple: { lastReconnectedAt: null, nextReminderAt: '2026-12-06T19:00:00.000Z' },
      });
    });

    it('keeps both a plan change and the reconnect when they race', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      await answerPrompt(api, a, session.id, promptIdsOf(session)[0] as string, 'Ana');
      await answerPrompt(api, b, session.id, promptIdsOf(session)[0] as string, 'Ben');

      // act
      const [complete, plan] = await Promise.all([
        api.as(a, COMPLETE_SESSION, { id: session.id }),
        api.as(b, UPDATE_PLAN, { input: { coupleId, sessionsPerMonth: 6 } }),
      ]);

      // assert
      expect(complete.errors).toBeUndefined();
      expect(plan.errors).toBeUndefined();
      const couple = await api.as(a, COUPLE_BY_ID, { id: coupleId });
      expect(couple.data.couple.lastReconnectedAt).toBe(START);
      expect(couple.data.couple.plan.sessionsPerMonth).toBe(6);
      // 6 a month: 5 days after the reconnect, whichever write came second
      expect(couple.data.couple.nextReminderAt).toBe('2026-12-01T19:00:00.000Z');
    });

    it('counts a partner whose answer races the completion', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const promptId = promptIdsOf(session)[0] as string;
      await answerPrompt(api, a, session.id, promptId, 'Ana');

      // act
      const [answer, complete] = await Promise.all([
        api.as(b, ANSWER_PROMPT, { input: { sessionId: session.id, promptId, text: 'Ben, just in time' } }),
        api.as(a, COMPLETE_SESSION, { id: session.id }),
      ]);

      // assert: either the answer landed first and the couple reconnected, or it was refused
      expect(complete.errors).toBeUndefined();
      const couple = await api.as(a, COUPLE_BY_ID, { id: coupleId });
      const after = await api.as(a, SESSION_BY_ID, { id: session.id });
      if (answer.errors) {
        expect(errorCodes(answer)).toEqual(['CONFLICT']);
        expect(after.data.session.bothParticipated).toBe(false);
        expect(couple.data.couple.lastReconnectedAt).toBeNull();
      } else {
        expect(after.data.session.bothParticipated).toBe(true);
        expect(couple.data.couple.lastReconnectedAt).toBe(START);
      }
    });
  });

  describe('visibility and ids', () => {
    it('answers a stranger exactly as for an absent session', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const absent = toGlobalId('ReconnectSession', '00000000-0000-0000-0000-000000000000');

      // act
      const strangerQuery = await api.as('stranger', SESSION_BY_ID, { id: session.id });
      const strangerNode = await api.as('stranger', 'query($id: ID!) { node(id: $id) { id } }', { id: session.id });
      const partnerNode = await api.as(a, 'query($id: ID!) { node(id: $id) { id ... on ReconnectSession { status } } }', {
        id: session.id,
      });
      const absentQuery = await api.as('stranger', SESSION_BY_ID, { id: absent });
      const wrongType = await api.as(a, SESSION_BY_ID, { id: coupleId });
      const garbage = await api.as(a, SESSION_BY_ID, { id: 'garbage' });

      // assert
      expect(strangerQuery.data.session).toBeNull();
      expect(strangerNode.data.node).toBeNull();
      expect(partnerNode.data.node).toEqual({ id: session.id, status: 'IN_PROGRESS' });
      expect(absentQuery.data.session).toBeNull();
      expect(wrongType.data.session).toBeNull();
      expect(garbage.data.session).toBeNull();
    });

    it('is NOT_FOUND naming the field for unknown, wrong-type and other couples’ ids in every mutation', async () => {
      // prepare
      const mine = await activeCouple();
      const theirs = await activeCouple();
      const theirSession = await startSession(api, theirs.a, theirs.coupleId);
      const mySession = await startSession(api, mine.a, mine.coupleId);
      const myPrompt = promptIdsOf(mySession)[0];
      const badSessionIds = [theirSession.id, toGlobalId('ReconnectSession', 'nope'), mine.coupleId, 'garbage'];

      // act + assert
      for (const sessionId of badSessionIds) {
        const responses = await Promise.all([
          api.as(mine.a, ANSWER_PROMPT, { input: { sessionId, promptId: myPrompt, text: 'hi' } }),
          api.as(mine.a, COMPLETE_SESSION, { id: sessionId }),
          api.as(mine.a, CANCEL_SESSION, { id: sessionId }),
          api.as(mine.a, START_SESSION, { input: { coupleId: mine.coupleId, sessionId } }),
        ]);
        for (const response of responses) {
          expect(errorCodes(response)).toEqual(['NOT_FOUND']);
          expect(response.errors?.[0]?.extensions?.field).toBe('input.sessionId');
        }
      }
      for (const coupleId of [theirs.coupleId, toGlobalId('Couple', 'nope'), mySession.id]) {
        const responses = await Promise.all([
          api.as(mine.a, START_SESSION, { input: { coupleId } }),
          api.as(mine.a, SCHEDULE_SESSION, { input: { coupleId, scheduledFor: TOMORROW } }),
        ]);
        for (const response of responses) {
          expect(errorCodes(response)).toEqual(['NOT_FOUND']);
          expect(response.errors?.[0]?.extensions?.field).toBe('input.coupleId');
        }
      }
      for (const promptId of [toGlobalId('Prompt', 'zzz-999'), mySession.id]) {
        const response = await api.as(mine.a, ANSWER_PROMPT, { input: { sessionId: mySession.id, promptId, text: 'hi' } });
        expect(errorCodes(response)).toEqual(['NOT_FOUND']);
        expect(response.errors?.[0]?.extensions?.field).toBe('input.promptId');
      }
      // nothing happened to the other couple's session
      const untouched = await api.as(theirs.a, SESSION_BY_ID, { id: theirSession.id });
      expect(untouched.data.session.status).toBe('IN_PROGRESS');
    });

    it.each([
      [{ promptCount: 0 }, 'input.promptCount: must be an integer from 1 to 10'],
      [{ promptCount: 11 }, 'input.promptCount: must be an integer from 1 to 10'],
      [{ themes: [] }, 'input.themes: must name at least one theme (omit it for every theme)'],
    ])('refuses startSession %j', async (input, message) => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const response = await api.as(a, START_SESSION, { input: { coupleId, ...input } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe(message);
    });

    it('refuses an unknown theme or depth before any resolver runs', async () => {
      // act
      const theme = await api.as('x', START_SESSION, { input: { coupleId: 'x', themes: ['ROMANCE'] } });
      const depth = await api.as('x', START_SESSION, { input: { coupleId: 'x', depth: 'BOTTOMLESS' } });

      // assert
      expect(errorCodes(theme)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(depth)).toEqual(['BAD_USER_INPUT']);
    });

    it('needs couple:read to read and couple:write to change sessions', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);

      // act
      const read = await api.as(a, SESSION_BY_ID, { id: session.id }, { scope: 'couple:write' });
      const write = await api.as(a, COMPLETE_SESSION, { id: session.id }, { scope: 'couple:read' });

      // assert
      expect(errorCodes(read)).toEqual(['FORBIDDEN']);
      expect(errorCodes(write)).toEqual(['FORBIDDEN']);
    });
  });
});
