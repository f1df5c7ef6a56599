/**
 * Malformed and hostile requests always get a clear client error (a JSON
 * GraphQL error with a contract code and a 4xx status), never
 * INTERNAL_SERVER_ERROR and never an internal name (table, SDK, stack, file).
 * Run through the real handler, and through the local HTTP server where the
 * raw bytes matter.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { createLocalServer, listen } from '../../local/server';
import { httpRequest } from '../support/http-request';
import { apiGatewayEvent, createTestApi, type TestApi } from '../support/test-api';
import { testIssuer, tokenFor } from '../support/tokens';

interface RawAnswer {
  status: number;
  body: string;
  json: any;
}

describe('bad requests', () => {
  let api: TestApi;
  let authorization: string;

  beforeAll(async () => {
    api = await createTestApi('badreq');
    authorization = `Bearer ${await tokenFor('brenda')}`;
  });
  afterAll(() => api.drop());

  /** Sends an API Gateway event built from `overrides` straight to the handler. */
  async function send(
    body: string,
    overrides: { method?: string; headers?: Record<string, string>; base64?: boolean } = {},
  ): Promise<RawAnswer> {
    const event = apiGatewayEvent(body, { authorization, ...overrides.headers });
    if (overrides.method) event.requestContext.http.method = overrides.method;
    if (overrides.base64) event.isBase64Encoded = true;
    const result = await api.handler(event, {} as never);
    const text = result.body ?? '';
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: result.statusCode ?? 200, body: text, json };
  }

  /**
   * A client error: a JSON GraphQL error with a contract or operation code,
   * nothing internal, never a 5xx. (Errors raised while executing, and
   * PERSISTED_QUERY_NOT_FOUND, which APQ clients answer by sending the query,
   * come with 200 as GraphQL over HTTP has it.)
   */
  function expectClientError(answer: RawAnswer, code: string, status?: number): void {
    if (status) expect(answer.status).toBe(status);
    expect(answer.status).toBeLessThan(500);
    expect(answer.json?.errors?.[0]?.extensions?.code).toBe(code);
    expect(answer.body).not.toContain('INTERNAL_SERVER_ERROR');
    expect(answer.body).not.toContain(api.table.tableName);
    expect(answer.body).not.toMatch(/dynamodb|node_modules|\.ts:\d|\bat \w+ \(|SyntaxError|TypeError/i);
  }

  it('refuses raw bytes ff fe in a JSON body as invalid UTF-8 (base64 event, as API Gateway sends bytes it cannot decode)', async () => {
    // prepare
    const bytes = Buffer.concat([
      Buffer.from('{"query":"mutation { updateProfile(input: { displayName: \\"ab'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\\" }) { id } }"}'),
    ]);

    // act
    const answer = await send(bytes.toString('base64'), { base64: true });

    // assert
    expectClientError(answer, 'BAD_USER_INPUT', 400);
    expect(answer.json.errors[0].message).toContain('UTF-8');
  });

  it('admits a base64 body that is valid UTF-8', async () => {
    // act
    const answer = await send(Buffer.from('{"query":"{ me { scopes } }"}').toString('base64'), { base64: true });

    // assert
    expect(answer.status).toBe(200);
    expect(answer.json.data.me.scopes.length).toBeGreaterThan(0);
  });

  it.each([
    ['a subscription', { query: 'subscription { me { scopes } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a subscription among named operations',
      { query: 'query A { me { scopes } } subscription B { x }', operationName: 'B' },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a persisted-query hash that does not match its query',
      {
        query: '{ me { scopes } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('{ other }').digest('hex') } },
      },
      'BAD_USER_INPUT',
    ],
    [
      'an unknown persisted-query hash without its query',
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } },
      'PERSISTED_QUERY_NOT_FOUND',
    ],
    [
      'an unsupported persisted-query version',
      { query: '{ me { scopes } }', extensions: { persistedQuery: { version: 9, sha256Hash: 'a'.repeat(64) } } },
      'BAD_USER_INPUT',
    ],
    ['no query at all', { variables: {} }, 'BAD_USER_INPUT'],
    ['a syntax error', { query: '{ me { ' }, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ me { password } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a variable of the wrong type',
      { query: 'query($n: Int!) { prompts(first: $n) { edges { cursor } } }', variables: { n: 'ten' } },
      'BAD_USER_INPUT',
    ],
  ])('answers %s with a client error', async (_label, body, code) => {
    // act
    const answer = await send(JSON.stringify(body));

    // assert
    expectClientError(answer, code);
  });

  it('runs a persisted query whose hash matches, then by hash alone', async () => {
    // prepare
    const query = '{ me { scopes } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');

    // act
    const registered = await send(JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }));
    const byHash = await send(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } } }));

    // assert
    expect(registered.json.data.me.scopes).toBeDefined();
    expect(byHash.json.data.me.scopes).toBeDefined();
  });

  it.each([
    ['a batched operation array', JSON.stringify([{ query: '{ me { scopes } }' }, { query: '{ me { scopes } }' }]), {}, 400],
    ['a body that is not JSON', 'query { me { scopes } }', {}, 400],
    ['a JSON string instead of an object', JSON.stringify('{ me { scopes } }'), {}, 400],
    ['an empty body', '', {}, 400],
    ['text/plain', JSON.stringify({ query: '{ me { scopes } }' }), { headers: { 'content-type': 'text/plain' } }, 415],
    [
      'application/x-www-form-urlencoded',
      'query=%7B+me+%7B+scopes+%7D+%7D',
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
    ],
    ['multipart/form-data', '--x\r\n\r\n--x--', { headers: { 'content-type': 'multipart/form-data; boundary=x' } }, 415],
    ['no content type', JSON.stringify({ query: '{ me { scopes } }' }), { headers: { 'content-type': '' } }, 415],
    ['GET with a query', '', { method: 'GET' }, 405],
    ['PUT', JSON.stringify({ query: '{ me { scopes } }' }), { method: 'PUT' }, 405],
    ['a 10 MB body', JSON.stringify({ query: '{ me { scopes } }', variables: { x: 'x'.repeat(10 * 1024 * 1024) } }), {}, 413],
  ])('refuses %s', async (_label, body, overrides, status) => {
    // act
    const answer = await send(body, overrides as never);

    // assert
    expectClientError(answer, 'BAD_USER_INPUT', status);
  });

  it('refuses a 1 MB display name by the field rule when it fits in the body limit, and by size when it does not', async () => {
    // prepare
    const mutation = 'mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }';

    // act
    const nearlyOneMb = await send(JSON.stringify({ query: mutation, variables: { n: 'x'.repeat(1_000_000) } }));
    const overOneMb = await send(JSON.stringify({ query: mutation, variables: { n: 'x'.repeat(1024 * 1024) } }));

    // assert
    expectClientError(nearlyOneMb, 'BAD_USER_INPUT');
    expect(nearlyOneMb.json.errors[0].extensions.field).toBe('input.displayName');
    expectClientError(overOneMb, 'BAD_USER_INPUT', 413);
  });

  it('refuses 1 MB of control characters and lone surrogates in a reflection without echoing them', async () => {
    // prepare
    const mutation = 'mutation($b: String!) { writeReflection(input: { coupleId: "Q291cGxlOng", body: $b }) { id } }';

    // act
    const controls = await send(JSON.stringify({ query: mutation, variables: { b: '\u0001'.repeat(150_000) } }));
    const surrogates = await send(JSON.stringify({ query: mutation, variables: { b: '\ud800'.repeat(150_000) } }));

    // assert
    for (const answer of [controls, surrogates]) {
      expectClientError(answer, 'BAD_USER_INPUT');
      expect(answer.body.length).toBeLessThan(2000);
    }
  });

  describe('through the local HTTP server (raw bytes on the wire)', () => {
    let server: http.Server;
    let baseUrl: string;

    beforeAll(async () => {
      server = createLocalServer({ handler: api.handler, issuer: await testIssuer() });
      baseUrl = await listen(server, 0);
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('refuses ff fe inside a JSON string before it could become U+FFFD, and stores nothing', async () => {
      // prepare
      const before = await httpRequest(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ me { person { displayName } } }' }),
      });
      const body = Buffer.concat([
        Buffer.from('{"query":"mutation { updateProfile(input: { displayName: \\"ab'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('cd\\" }) { displayName } }"}'),
      ]);

      // act
      const response = await httpRequest(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body,
      });

      // assert
      expect(response.status).toBe(400);
      expect((response.json as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const after = await httpRequest(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ me { person { displayName } } }' }),
      });
      expect((after.json as any).data.me.person.displayName).toBe((before.json as any).data.me.person.displayName);
      expect((after.json as any).data.me.person.displayName).not.toContain('\ufffd');
    });
  });
});
