import { builtinPrompts } from '../../functions/prompts/library/builtin-prompts';
import { toGlobalId } from '../../functions/shared/ids/global-id';
import { encodeCursor } from '../../functions/shared/pagination/cursor';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const PROMPTS = `query($filter: PromptFilter, $first: Int, $after: String) {
  prompts(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id text theme depth followUps archived } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ACTIVE = builtinPrompts().filter((p) => !p.archived);

describe('prompts', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('prompts');
  });
  afterAll(() => api.drop());

  it('pages through the whole library in library order, each prompt once', async () => {
    // act
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response = await api.as('reader', PROMPTS, { first: 50, after });
      expect(response.errors).toBeUndefined();
      const { edges, pageInfo } = response.data.prompts;
      seen.push(...edges.map((e: { node: { id: string } }) => e.node.id));
      pages += 1;
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }

    // assert
    expect(seen).toEqual(ACTIVE.map((p) => toGlobalId('Prompt', p.id)));
    expect(pages).toBe(Math.ceil(ACTIVE.length / 50));
  });

  it('returns a prompt with its text, theme, depth and follow-ups', async () => {
    // act
    const response = await api.as('reader', PROMPTS, { first: 1 });

    // assert
    const library = builtinPrompts()[0];
    expect(response.data.prompts.edges[0].node).toEqual({
      id: toGlobalId('Prompt', library?.id ?? ''),
      text: library?.text,
      theme: library?.theme,
      depth: library?.depth,
      followUps: library?.followUps,
      archived: false,
    });
  });

  it('filters by themes and depth, across pages', async () => {
    // prepare
    const expected = ACTIVE.filter((p) => ['TRUST', 'REPAIR'].includes(p.theme) && p.depth === 'DEEP');

    // act
    const filter = { themes: ['TRUST', 'REPAIR'], depth: 'DEEP' };
    const page1 = await api.as('reader', PROMPTS, { filter, first: 4 });
    const page2 = await api.as('reader', PROMPTS, { filter, first: 100, after: page1.data.prompts.pageInfo.endCursor });

    // assert
    const ids = [...page1.data.prompts.edges, ...page2.data.prompts.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual(expected.map((p) => toGlobalId('Prompt', p.id)));
    expect(page1.data.prompts.pageInfo.hasNextPage).toBe(true);
    expect(page2.data.prompts.pageInfo.hasNextPage).toBe(false);
  });

  it('gives an empty page for a practice the caller cannot see (none exist yet)', async () => {
    // act
    const response = await api.as('reader', PROMPTS, { filter: { practiceId: toGlobalId('Practice', 'p1') } });

    // assert
    expect(response.data.prompts).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('serves a prompt through node(id)', async () => {
    // act
    const id = toGlobalId('Prompt', 'rep-003');
    const response = await api.as('reader', 'query($id: ID!) { node(id: $id) { id ... on Prompt { theme } } }', { id });
    const unknown = await api.as('reader', 'query($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('Prompt', 'zzz-999') });

    // assert
    expect(response.data.node).toEqual({ id, theme: 'REPAIR' });
    expect(unknown.data.node).toBeNull();
  });

  it.each([
    [{ first: 0 }, 'first: must be an integer from 1 to 100'],
    [{ first: 101 }, 'first: must be an integer from 1 to 100'],
    [{ after: 'garbage' }, 'after: must be a cursor returned by this list'],
    [{ after: encodeCursor('SESSIONS#x#ALL', { s: 'a#b', id: 'b' }) }, 'after: must be a cursor returned by this list'],
    [{ after: encodeCursor('PROMPTS', { id: 'zzz-999' }) }, 'after: must be a cursor returned by this list'],
    [{ filter: { themes: [] } }, 'filter.themes: must name at least one theme (omit it for every theme)'],
  ])('rejects %j with BAD_USER_INPUT', async (variables, message) => {
    // act
    const response = await api.as('reader', PROMPTS, variables);

    // assert
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toBe(message);
  });

  it('needs the couple:read scope', async () => {
    // act
    const response = await api.as('reader', PROMPTS, {}, { scope: 'profile' });

    // assert
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
  });
});
