import { QUERY_LIMITS } from '../../functions/graphql/query-limits';
import { DASHBOARD_QUERY } from '../support/operations';
import { ERASURE_MARKER_READ } from '../support/request-counter';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

describe('query limits, checked before any resolver runs', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('limits');
  });
  afterAll(() => api.drop());

  it('refuses an operation deeper than the limit without touching DynamoDB beyond the erasure marker', async () => {
    // prepare: node → Couple → partners → ... nested through fragments on Node
    let query = '{ node(id: "x") { id } }';
    for (let i = 0; i < QUERY_LIMITS.maxDepth; i += 1) query = query.replace('{ id }', '{ ... on Couple { partners { id } } id }');
    api.requests.reset();

    // act
    const response = await api.as('deep', query);

    // assert
    expect(errorCodes(response)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/depth/i);
    // No resolver ran: the only request is the caller's erasure marker, read with the token check.
    expect(api.requests.byCommand).toEqual({ GetItemCommand: ERASURE_MARKER_READ });
  });

  it('refuses too many aliases', async () => {
    // prepare
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { scopes }`).join(' ');

    // act
    const response = await api.as('alias', `{ ${aliases} }`);

    // assert
    expect(errorCodes(response)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses a document with too many tokens', async () => {
    // prepare
    const fields = Array.from({ length: QUERY_LIMITS.maxTokens }, () => '__typename').join(' ');

    // act
    const response = await api.as('tokens', `{ ${fields} }`);

    // assert
    expect(errorCodes(response)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(response.errors?.[0]?.message).toMatch(/token/i);
  });

  it('refuses an operation over the cost limit', async () => {
    // prepare: a fragment repeated many times costs a lot in few tokens
    const fragment = 'fragment F on Viewer { person { id displayName timezone } couple { id status partners { id displayName } } scopes }';
    const body = Array.from({ length: 350 }, () => 'me { ...F }').join(' ');

    // act
    const response = await api.as('cost', `{ ${body} } ${fragment}`);

    // assert
    expect(errorCodes(response)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.map((e) => e.message).join(' ')).toMatch(/cost/i);
  });

  it('accepts the heaviest operation a dashboard needs (README "Query limits")', async () => {
    // act: DASHBOARD_QUERY asks for a couple with its plan, health, a page of sessions with prompts, answers and authors, reflections and reminders
    const response = await api.as('dashboard', DASHBOARD_QUERY);

    // assert
    expect(response.errors).toBeUndefined();
  });

  it('accepts an ordinary operation', async () => {
    // act
    const response = await api.as('ok', '{ me { person { id displayName } couple { id partners { id } } scopes } }');

    // assert
    expect(response.errors).toBeUndefined();
  });
});

describe('error masking', () => {
  it('answers an internal failure with a generic INTERNAL_SERVER_ERROR and leaks nothing', async () => {
    // prepare: a handler whose table does not exist, so DynamoDB itself fails
    const api = await createTestApi('masking');
    const { createGraphqlHandler } = await import('../../functions/graphql/create-handler');
    const { testAppConfig } = await import('../support/app-config');
    const { apiGatewayEvent } = await import('../support/test-api');
    const { tokenFor } = await import('../support/tokens');
    const broken = createGraphqlHandler(testAppConfig({ tableName: 'missing-table-xyz', endpoint: api.table.endpoint }));
    const token = await tokenFor('masked');

    // act
    const result = await broken(
      apiGatewayEvent(JSON.stringify({ query: 'mutation { createCouple(input: {}) { couple { id } } }' }), {
        authorization: `Bearer ${token}`,
      }),
      {} as never,
    );
    await api.drop();

    // assert
    const body = JSON.parse(result.body ?? '{}');
    expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) });
    expect(body.errors[0].message).toBe('Internal server error');
    expect(result.body).not.toMatch(/missing-table-xyz|ResourceNotFound|stack|at /);
  });
});
