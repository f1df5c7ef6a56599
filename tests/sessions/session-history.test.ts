import { builtinPrompts } from '../../functions/prompts/library/builtin-prompts';
import { toGlobalId } from '../../functions/shared/ids/global-id';
import { encodeCursor } from '../../functions/shared/pagination/cursor';
import {
  CANCEL_SESSION,
  COMPLETE_SESSION,
  COUPLE_SESSIONS,
  SESSION_BY_ID,
  answerPrompt,
  createActiveCouple,
  dataOf,
  scheduleSession,
  startSession,
} from '../support/operations';
import { seededRandom } from '../support/seeded-random';
import { ERASURE_MARKER_READ } from '../support/request-counter';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const START = '2026-11-26T12:00:00.000Z';
const START_LIGHT = `mutation($input: StartSessionInput!) { startSession(input: $input) { id prompts { prompt { id } } } }`;

type Edge = { cursor: string; node: { id: string; status: string; prompts: { prompt: { id: string } }[] } };

describe('session history', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('session-history', { random: seededRandom(20) });
  });
  afterEach(() => api.clock.set(START));
  afterAll(() => api.drop());

  /** Starts a session with few fields, then completes or cancels it; returns its prompt ids. */
  async function runSession(sub: string, coupleId: string, input: Record<string, unknown>, end: 'complete' | 'cancel') {
    const session = dataOf(await api.as(sub, START_LIGHT, { input: { coupleId, ...input } }), 'start').startSession;
    dataOf(await api.as(sub, end === 'complete' ? COMPLETE_SESSION : CANCEL_SESSION, { id: session.id }), end);
    return { id: session.id as string, promptIds: session.prompts.map((p: { prompt: { id: string } }) => p.prompt.id) as string[] };
  }

  describe('couple.sessions', () => {
    let coupleId: string;
    /** Newest first: the two scheduled (future) ones, then the started ones, latest start first. */
    let expected: { id: string; status: string }[];

    beforeAll(async () => {
      coupleId = await createActiveCouple(api, 'h1', 'h2', 'UTC');
      const started: { id: string; status: string }[] = [];
      for (let day = 0; day < 5; day += 1) {
        api.clock.set(new Date(Date.parse(START) + day * 86_400_000));
        const end = day % 2 === 0 ? 'complete' : 'cancel';
        const { id } = await runSession('h1', coupleId, {}, end);
        started.unshift({ id, status: end === 'complete' ? 'COMPLETED' : 'CANCELLED' });
      }
      api.clock.set(new Date(Date.parse(START) + 5 * 86_400_000));
      const current = await startSession(api, 'h2', coupleId);
      const soon = await scheduleSession(api, 'h1', coupleId, '2027-01-10T19:00:00Z');
      const later = await scheduleSession(api, 'h2', coupleId, '2027-02-10T19:00:00Z');
      api.clock.set(START);
      expected = [
        { id: later.id, status: 'SCHEDULED' },
        { id: soon.id, status: 'SCHEDULED' },
        { id: current.id, status: 'IN_PROGRESS' },
        ...started,
      ];
    });

    it('lists newest first, by start else scheduled time', async () => {
      // act
      const response = await api.as('h1', COUPLE_SESSIONS, { id: coupleId, first: 100 });

      // assert
      const edges: Edge[] = response.data.couple.sessions.edges;
      expect(edges.map((e) => ({ id: e.node.id, status: e.node.status }))).toEqual(expected);
      expect(response.data.couple.sessions.pageInfo.hasNextPage).toBe(false);
    });

    it('pages with cursors, each session once', async () => {
      // act
      const seen: string[] = [];
      const pageSizes: number[] = [];
      let after: string | null = null;
      for (;;) {
        const response = await api.as('h2', COUPLE_SESSIONS, { id: coupleId, first: 3, after });
        const { edges, pageInfo } = response.data.couple.sessions as {
          edges: Edge[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
        seen.push(...edges.map((e) => e.node.id));
        pageSizes.push(edges.length);
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }

      // assert
      expect(seen).toEqual(expected.map((s) => s.id));
      expect(pageSizes).toEqual([3, 3, 2]);
    });

    it.each(['COMPLETED', 'CANCELLED', 'SCHEDULED', 'IN_PROGRESS'])('filters by status %s, across pages', async (status) => {
      // act
      const page1 = await api.as('h1', COUPLE_SESSIONS, { id: coupleId, status, first: 1 });
      const page2 = await api.as('h1', COUPLE_SESSIONS, {
        id: coupleId,
        status,
        first: 100,
        after: page1.data.couple.sessions.pageInfo.endCursor,
      });

      // assert
      const ids = [...page1.data.couple.sessions.edges, ...page2.data.couple.sessions.edges].map((e: Edge) => e.node.id);
      expect(ids).toEqual(expected.filter((s) => s.status === status).map((s) => s.id));
    });

    it('costs one Query per page, whatever the history', async () => {
      // prepare
      const first = await api.as('h1', COUPLE_SESSIONS, { id: coupleId, first: 2 });

      // act
      api.requests.reset();
      await api.as('h1', COUPLE_SESSIONS, { id: coupleId, first: 2, after: first.data.couple.sessions.pageInfo.endCursor });

      // assert: the couple (BatchGetItem) and the page (Query), beside the caller's erasure marker (GetItem)
      expect(api.requests.byCommand).toEqual({ BatchGetItemCommand: 1, QueryCommand: 1, GetItemCommand: ERASURE_MARKER_READ });
    });

    it('refuses a cursor from another list', async () => {
      // prepare
      const otherCouple = await createActiveCouple(api, 'h3', 'h4');
      await startSession(api, 'h3', otherCouple);
      const theirs = await api.as('h3', COUPLE_SESSIONS, { id: otherCouple, first: 1 });
      const completedOnly = await api.as('h1', COUPLE_SESSIONS, { id: coupleId, status: 'COMPLETED', first: 1 });
      const forged = encodeCursor(`SESSIONS#x#ALL`, { s: '2026', id: 'x', pk: 'PERSON#h3' });

      // act
      const responses = await Promise.all([
        api.as('h1', COUPLE_SESSIONS, { id: coupleId, after: theirs.data.couple.sessions.pageInfo.endCursor }),
        api.as('h1', COUPLE_SESSIONS, { id: coupleId, after: completedOnly.data.couple.sessions.pageInfo.endCursor }),
        api.as('h1', COUPLE_SESSIONS, { id: coupleId, after: forged }),
        api.as('h1', COUPLE_SESSIONS, { id: coupleId, after: 'not a cursor' }),
      ]);

      // assert
      for (const response of responses) {
        expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
        expect(response.errors?.[0]?.message).toBe('after: must be a cursor returned by this list');
      }
    });

    it.each([0, 101])('refuses first: %i', async (first) => {
      // act
      const response = await api.as('h1', COUPLE_SESSIONS, { id: coupleId, first });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe('first: must be an integer from 1 to 100');
    });
  });

  describe('drawing across sessions', () => {
    it('repeats no prompt within 20 sessions, then brings back the least recently drawn', async () => {
      // prepare: 7 prompts a session, so 20 sessions use up the whole 140-prompt library
      const coupleId = await createActiveCouple(api, 'd1', 'd2');
      const library = builtinPrompts().filter((p) => !p.archived);
      expect(library.length).toBe(140);
      const sessions: string[][] = [];

      // act
      for (let n = 0; n < 22; n += 1) {
        api.clock.set(new Date(Date.parse(START) + n * 3_600_000));
        sessions.push((await runSession(n % 2 ? 'd1' : 'd2', coupleId, { promptCount: 7 }, n % 3 ? 'complete' : 'cancel')).promptIds);
      }

      // assert: sessions 1-20 drew 140 distinct prompts
      const first20 = sessions.slice(0, 20).flat();
      expect(new Set(first20).size).toBe(140);
      // session 21: nothing fresh left; the least recently drawn (session 1's) come back
      expect([...(sessions[20] ?? [])].sort()).toEqual([...(sessions[0] ?? [])].sort());
      // session 22: its window is sessions 2-21, so session 2's prompts are now the oldest
      expect([...(sessions[21] ?? [])].sort()).toEqual([...(sessions[1] ?? [])].sort());
    });

    it('honours a narrow filter, then reuses the least recently drawn of it', async () => {
      // prepare: REPAIR/DEEP has 5 prompts
      const coupleId = await createActiveCouple(api, 'f1', 'f2');
      const pool = builtinPrompts()
        .filter((p) => p.theme === 'REPAIR' && p.depth === 'DEEP')
        .map((p) => toGlobalId('Prompt', p.id));
      const input = { promptCount: 2, themes: ['REPAIR'], depth: 'DEEP' };

      // act
      const s1 = await runSession('f1', coupleId, input, 'complete');
      api.clock.set('2026-11-27T12:00:00.000Z');
      const s2 = await runSession('f1', coupleId, input, 'complete');
      api.clock.set('2026-11-28T12:00:00.000Z');
      const s3 = await runSession('f1', coupleId, input, 'complete');

      // assert
      for (const id of [...s1.promptIds, ...s2.promptIds, ...s3.promptIds]) expect(pool).toContain(id);
      expect(new Set([...s1.promptIds, ...s2.promptIds]).size).toBe(4);
      const lastFresh = pool.find((id) => !s1.promptIds.includes(id) && !s2.promptIds.includes(id));
      expect(s3.promptIds[0]).toBe(lastFresh);
      expect(s1.promptIds).toContain(s3.promptIds[1]);
    });
  });

  it('draws the same prompts under the same seed', async () => {
    // prepare
    const twins = await Promise.all([1, 2].map((n) => createTestApi(`seeded-${n}`, { random: seededRandom(99) })));
    try {
      const couples = await Promise.all(twins.map((twin) => createActiveCouple(twin, 's1', 's2')));

      // act
      const drawn = await Promise.all(twins.map((twin, n) => startSession(twin, 's1', couples[n] as string, { promptCount: 5 })));

      // assert
      const ids = drawn.map((session) => session.prompts.map((p: { prompt: { id: string } }) => p.prompt.id));
      expect(ids[0]).toHaveLength(5);
      expect(ids[1]).toEqual(ids[0]);
    } finally {
      await Promise.all(twins.map((twin) => twin.drop()));
    }
  });

  describe('request count (no N+1)', () => {
    const FULL_SESSION = SESSION_BY_ID;

    /** A couple whose one session has `count` prompts, every one answered by both partners. */
    async function answeredSession(a: string, b: string, count: number): Promise<string> {
      const coupleId = await createActiveCouple(api, a, b);
      const session = await startSession(api, a, coupleId, { promptCount: count });
      for (const { prompt } of session.prompts) {
        await Promise.all([
          answerPrompt(api, a, session.id, prompt.id, `${a} on ${prompt.id}`),
          answerPrompt(api, b, session.id, prompt.id, `${b} on ${prompt.id}`),
        ]);
      }
      return session.id;
    }

    it('loads a session with prompts, answers and authors in the same few requests for 3 and 10 prompts', async () => {
      // prepare
      const three = await answeredSession('r3a', 'r3b', 3);
      const ten = await answeredSession('r10a', 'r10b', 10);

      // act
      api.requests.reset();
      const small = await api.as('r3a', FULL_SESSION, { id: three });
      const smallCount = { ...api.requests.byCommand };
      api.requests.reset();
      const large = await api.as('r10a', FULL_SESSION, { id: ten });
      const largeCount = { ...api.requests.byCommand };

      // assert
      expect(small.data.session.prompts).toHaveLength(3);
      expect(large.data.session.prompts).toHaveLength(10);
      expect(large.data.session.prompts.every((p: { answers: unknown[] }) => p.answers.length === 2)).toBe(true);
      // session, couple, answers, partners: one BatchGetItem each
      expect(largeCount).toEqual(smallCount);
      expect(api.requests.total).toBeLessThanOrEqual(4 + ERASURE_MARKER_READ);
    });

    it('loads a page of sessions with answers in the same requests for 1 and 4 sessions', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'pg1', 'pg2');
      for (let n = 0; n < 4; n += 1) {
        api.clock.set(new Date(Date.parse(START) + n * 3_600_000));
        const session = await startSession(api, 'pg1', coupleId);
        await answerPrompt(api, 'pg2', session.id, session.prompts[0].prompt.id, `answer ${n}`);
        await api.as('pg1', COMPLETE_SESSION, { id: session.id });
      }
      const page = `query($id: ID!, $first: Int) { couple(id: $id) { sessions(first: $first) { edges { node {
        startedBy { displayName } bothParticipated
        prompts { prompt { text } answers { author { displayName } text } waitingOn { displayName } }
      } } } } }`;

      // act
      api.requests.reset();
      const one = await api.as('pg2', page, { id: coupleId, first: 1 });
      const oneCount = { ...api.requests.byCommand };
      api.requests.reset();
      const four = await api.as('pg2', page, { id: coupleId, first: 4 });
      const fourCount = { ...api.requests.byCommand };

      // assert
      expect(one.data.couple.sessions.edges).toHaveLength(1);
      expect(four.data.couple.sessions.edges).toHaveLength(4);
      expect(fourCount).toEqual(oneCount);
      expect(api.requests.total).toBeLessThanOrEqual(4 + ERASURE_MARKER_READ);
    });
  });
});
