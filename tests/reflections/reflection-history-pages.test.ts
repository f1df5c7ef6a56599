import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Feeling } from '../../functions/reflections/reflection.model';
import { fromGlobalId, toGlobalId } from '../../functions/shared/ids/global-id';
import { COMPLETE_SESSION, createActiveCouple, dataOf, startSession } from '../support/operations';
import { COUPLE_REFLECTIONS, writeReflection } from '../support/reflection-operations';
import { seedReflections, type SeedShape } from '../support/reflection-seed';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const START = '2026-11-26T12:00:00.000Z';
const FEELING_PATTERN: Feeling[][] = [['CALM'], ['HURT'], ['CALM', 'HURT'], [], ['LONELY']];

/** What the test knows about each reflection it wrote, to compute every expected list by hand. */
interface Known {
  id: string;
  author: string;
  shared: boolean;
  feelings: Feeling[];
  sessionId: string | null;
  createdAt: string;
}

type Filter = { authorId?: string; sessionId?: string; feelings?: Feeling[]; since?: string; until?: string };

describe('reflection history pages', () => {
  let api: TestApi;
  const [ana, ben] = ['hana', 'hben'];
  let coupleId: string;
  let sessions: [string, string];
  const known: Known[] = [];

  /** Reads every page of `sub`'s list under `filter`, checking that each page but the last is full. */
  async function readAll(sub: string, filter: Filter, first: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const response = await api.as(sub, COUPLE_REFLECTIONS, { id: coupleId, filter, first, after });
      expect(response.errors).toBeUndefined();
      const { edges, pageInfo } = response.data.couple.reflections;
      ids.push(...edges.map((e: { node: { id: string } }) => e.node.id));
      if (!pageInfo.hasNextPage) return ids;
      expect(edges).toHaveLength(first); // never a short page that makes clients loop
      after = pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  /** The list `sub` should see under `filter`, newest first, from what the test wrote. */
  function expected(sub: string, filter: Filter): string[] {
    const person = (id?: string) => (id ? fromGlobalId(id)?.localId : undefined);
    const session = (id?: string) => (id ? fromGlobalId(id)?.localId : undefined);
    return known
      .filter((r) => r.author === sub || r.shared)
      .filter((r) => !filter.authorId || r.author === person(filter.authorId))
      .filter((r) => !filter.sessionId || (r.sessionId && fromGlobalId(r.sessionId)?.localId === session(filter.sessionId)))
      .filter((r) => !filter.feelings || r.feelings.some((f) => filter.feelings?.includes(f)))
      .filter((r) => !filter.since || r.createdAt >= filter.since)
      .filter((r) => !filter.until || r.createdAt < filter.until)
      .sort((x, y) => (x.createdAt < y.createdAt ? 1 : -1))
      .map((r) => r.id);
  }

  beforeAll(async () => {
    api = await createTestApi('reflection-history');
    coupleId = await createActiveCouple(api, ana, ben, 'UTC');
    const s1 = await startSession(api, ana, coupleId);
    // 24 reflections an hour apart, both authors, shared or not, with a pattern of feelings and sessions.
    for (let i = 0; i < 24; i += 1) {
      if (i === 12) {
        dataOf(await api.as(ben, COMPLETE_SESSION, { id: s1.id }), 'complete');
        sessions = [s1.id, (await startSession(api, ben, coupleId)).id];
      }
      api.clock.set(new Date(Date.parse('2026-11-01T00:00:00.000Z') + i * 3_600_000));
      const author = i % 3 === 0 ? ben : ana;
      const sessionId = i < 12 ? (i % 2 === 1 ? s1.id : null) : i % 4 === 0 ? (sessions[1] as string) : null;
      const feelings = FEELING_PATTERN[i % 5] as Feeling[];
      const shared = i % 2 === 0 || i % 7 === 0;
      const r = await writeReflection(api, author, coupleId, {
        body: `Reflection ${i}`,
        feelings,
        sharing: { partner: shared },
        sessionId,
      });
      known.push({ id: r.id, author, shared, feelings, sessionId, createdAt: r.createdAt });
    }
    api.clock.set(START);
  });
  afterAll(() => api.drop());

  const ANA = toGlobalId('Person', ana);
  const BEN = toGlobalId('Person', ben);
  const cases: [string, () => Filter][] = [
    ['no filter', () => ({})],
    ['own reflections', () => ({ authorId: ANA })],
    ["the partner's (shared) reflections", () => ({ authorId: BEN })],
    ['one feeling', () => ({ feelings: ['CALM'] })],
    ['any of two feelings (a reflection with both appears once)', () => ({ feelings: ['HURT', 'CALM'] })],
    ['a feeling nobody felt', () => ({ feelings: ['AFRAID'] })],
    ['a session', () => ({ sessionId: sessions[0] })],
    ['the other session', () => ({ sessionId: sessions[1] })],
    ['a session and an author', () => ({ sessionId: sessions[0], authorId: BEN })],
    ['a session and a feeling', () => ({ sessionId: sessions[0], feelings: ['HURT'] })],
    ['an author and feelings', () => ({ authorId: ANA, feelings: ['LONELY', 'CALM'] })],
    ['a time range', () => ({ since: '2026-11-01T05:00:00.000Z', until: '2026-11-01T17:00:00.000Z' })],
    [
      'a time range, feelings and author',
      () => ({ since: '2026-11-01T03:00:00.000Z', until: '2026-11-01T20:00:00.000Z', feelings: ['HURT'], authorId: BEN }),
    ],
    ['since only', () => ({ since: '2026-11-01T20:00:00.000Z' })],
    ['until only', () => ({ until: '2026-11-01T03:00:00.000Z' })],
  ];

  describe.each([
    ['Ana', ana],
    ['Ben', ben],
  ])('as %s', (_name, sub) => {
    it.each(cases)('pages through %s, newest first, every page full', async (_what, filter) => {
      // act
      const byThree = await readAll(sub, filter(), 3);
      const atOnce = await readAll(sub, filter(), 100);

      // assert
      expect(byThree).toEqual(expected(sub, filter()));
      expect(atOnce).toEqual(byThree);
    });
  });

  it('pages one at a time through the whole history', async () => {
    // act
    const ids = await readAll(ana, {}, 1);

    // assert
    expect(ids).toEqual(expected(ana, {}));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is empty for a stranger as author, or a session of another couple', async () => {
    // prepare
    const other = await createActiveCouple(api, 'oa', 'ob', 'UTC');
    const otherSession = await startSession(api, 'oa', other);
    await writeReflection(api, 'oa', other, { sessionId: otherSession.id, sharing: { partner: true } });

    // act
    const stranger = await readAll(ana, { authorId: toGlobalId('Person', 'oa') }, 5);
    const foreign = await readAll(ana, { sessionId: otherSession.id }, 5);

    // assert
    expect(stranger).toEqual([]);
    expect(foreign).toEqual([]);
  });

  describe('bad arguments', () => {
    it.each([
      ['first 0', { first: 0 }, 'first'],
      ['first 101', { first: 101 }, 'first'],
      ['a made-up cursor', { after: 'bm9wZQ' }, 'after'],
      ['no feelings', { filter: { feelings: [] } }, 'filter.feelings'],
      ['since after until', { filter: { since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' } }, 'filter.until'],
      ['since equal to until', { filter: { since: '2026-11-02T00:00:00Z', until: '2026-11-02T00:00:00Z' } }, 'filter.until'],
      ['an author id that is no person', { filter: { authorId: toGlobalId('Couple', 'x') } }, 'filter.authorId'],
      ['a session id that is no session', { filter: { sessionId: 'garbage' } }, 'filter.sessionId'],
    ])('refuses %s naming %s', async (_what, args, field) => {
      // act
      const response = await api.as(ana, COUPLE_REFLECTIONS, { id: coupleId, ...args });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
    });

    it('refuses a cursor on another list: another filter, another reader', async () => {
      // prepare
      const first = await api.as(ana, COUPLE_REFLECTIONS, { id: coupleId, first: 2 });
      const after = first.data.couple.reflections.pageInfo.endCursor;

      // act
      const otherFilter = await api.as(ana, COUPLE_REFLECTIONS, { id: coupleId, first: 2, after, filter: { feelings: ['CALM'] } });
      const otherReader = await api.as(ben, COUPLE_REFLECTIONS, { id: coupleId, first: 2, after });

      // assert
      expect(errorCodes(otherFilter)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(otherReader)).toEqual(['BAD_USER_INPUT']);
    });

    it('refuses a malformed since before any resolver runs', async () => {
      // act
      const response = await api.as(ana, COUPLE_REFLECTIONS, { id: coupleId, filter: { since: 'last week' } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('page cost', () => {
    const PAGE = `query($id: ID!, $filter: ReflectionFilter, $after: String) {
      couple(id: $id) { reflections(filter: $filter, first: 20, after: $after) {
        edges { node { id body closeness feelings author { displayName } } } pageInfo { hasNextPage endCursor }
      } }
    }`;
    /** A seeded couple's history: `count` reflections, 3 of them (the oldest) AFRAID. */
    async function seededCouple(name: string, count: number) {
      const globalId = await createActiveCouple(api, `${name}a`, `${name}b`, 'UTC');
      const id = fromGlobalId(globalId)?.localId as string;
      const shape = (i: number): SeedShape => ({
        author: i >= count - 3 ? 0 : ((i % 2) as 0 | 1),
        closeness: (i % 10) + 1,
        feelings: i >= count - 3 ? ['AFRAID'] : i % 3 === 0 ? ['CALM'] : [],
        shared: i % 4 !== 1,
        sessionId: null,
      });
      await seedReflections(DynamoDBDocumentClient.from(api.table.client), api.table.tableName, {
        coupleId: id,
        partnerIds: [`${name}a`, `${name}b`],
        timezone: 'UTC',
        count,
        newestAt: '2026-11-26T11:00:00.000Z',
        stepMinutes: 97,
        shape,
      });
      return { globalId, reader: `${name}a`, partner: toGlobalId('Person', `${name}b`) };
    }

    /** DynamoDB requests of one page request, and its edges. */
    async function measure(couple: { globalId: string; reader: string }, filter: Filter) {
      api.requests.reset();
      const response = await api.as(couple.reader, PAGE, { id: couple.globalId, filter });
      expect(response.errors).toBeUndefined();
      return { requests: api.requests.total, page: response.data.couple.reflections };
    }

    it('is the same for 8 and 600 reflections, with or without a filter, and filtered pages stay full', async () => {
      // prepare
      const small = await seededCouple('small', 8);
      const large = await seededCouple('large', 600);

      // act / assert
      const filters: ((partner: string) => Filter)[] = [
        () => ({}),
        () => ({ feelings: ['AFRAID'] }),
        (partner) => ({ authorId: partner }),
        () => ({ feelings: ['CALM', 'AFRAID'] }),
        (partner) => ({ authorId: partner, feelings: ['CALM'], since: '2026-01-01T00:00:00.000Z' }),
      ];
      for (const filter of filters) {
        const a = await measure(small, filter(small.partner));
        const b = await measure(large, filter(large.partner));
        // couple + one Query per stream + one BatchGetItem of reflections + one of authors
        expect(b.requests).toBe(a.requests);
        expect(b.requests).toBeLessThanOrEqual(5);
      }
      // the 3 AFRAID reflections are the oldest of 600: one page of exactly 3, no next page
      const sparse = await measure(large, { feelings: ['AFRAID'] });
      expect(sparse.page.edges).toHaveLength(3);
      expect(sparse.page.pageInfo.hasNextPage).toBe(false);
      // the partner's shared ones: a full page although a quarter of them are private
      const partner = await measure(large, { authorId: large.partner });
      expect(partner.page.edges).toHaveLength(20);
      expect(partner.page.pageInfo.hasNextPage).toBe(true);
    });
  });
});
