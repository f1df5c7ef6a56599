import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createTokenVerifier } from '../../functions/shared/auth/verify-token';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER, type LocalIssuer } from '../../local/auth/local-issuer';
import type { LambdaHttpHandler } from '../../local/http/api-gateway-adapter';
import { jsonRoute } from '../../local/http/json';
import { createLocalServer, listen } from '../../local/server';
import { httpRequest } from '../support/http-request';

describe('local server', () => {
  let keyDir: string;
  let issuer: LocalIssuer;
  let server: http.Server;
  let baseUrl: string;
  const events: APIGatewayProxyEventV2[] = [];

  beforeAll(async () => {
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-server-test-'));
    issuer = await createLocalIssuer({ keyDir });
    const handler: LambdaHttpHandler = async (event) => {
      events.push(event);
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"data":{"__typename":"Query"}}' };
    };
    server = createLocalServer({
      handler,
      issuer,
      routes: { 'POST /local/echo': jsonRoute((body) => ({ echoed: body })) },
    });
    baseUrl = await listen(server, 0);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  const postJson = (route: string, body: unknown) =>
    httpRequest(`${baseUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('routes POST /graphql through the adapter to the handler', async () => {
    // act
    const response = await postJson('/graphql', { query: '{ __typename }' });

    // assert
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { __typename: 'Query' } });
    expect(events.at(-1)?.routeKey).toBe('POST /graphql');
    expect(events.at(-1)?.body).toBe('{"query":"{ __typename }"}');
  });

  it('issues a token on POST /local/token that the Lambda verification code accepts', async () => {
    // prepare
    const verify = createTokenVerifier({ issuer: LOCAL_ISSUER, audiences: [LOCAL_CLIENT_ID], jwks: issuer.publicJwks() });

    // act
    const response = await postJson('/local/token', { sub: 'alice', name: 'Alice', scope: 'profile couple:read' });
    const body = response.json as { access_token: string; token_type: string; expires_in: number };
    const caller = await verify(`Bearer ${body.access_token}`);

    // assert
    expect(response.status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    // username: as a Cognito access token carries it (the sub, with email sign-in).
    expect(caller).toEqual({
      sub: 'alice',
      name: 'Alice',
      username: 'alice',
      authTime: expect.any(Number),
      scopes: ['profile', 'couple:read'],
    });
  });

  it.each([
    ['no sub', {}, /"sub" is required/],
    ['a numeric sub', { sub: 42 }, /"sub" is required/],
    ['a non-string scope', { sub: 'alice', scope: ['profile'] }, /"scope" must be a space-separated string/],
    ['malformed JSON', '{"sub":', /not valid JSON/],
  ])('answers 400 with a JSON error for %s', async (_label, body, message) => {
    // act
    const response = await postJson('/local/token', body);

    // assert
    expect(response.status).toBe(400);
    expect((response.json as { error: string }).error).toMatch(message);
  });

  it('serves extra routes given to createLocalServer', async () => {
    // act
    const response = await postJson('/local/echo', { now: '2026-12-10T19:00:00Z' });

    // assert
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ echoed: { now: '2026-12-10T19:00:00Z' } });
  });

  it('answers 404 JSON for anything else', async () => {
    // act
    const unknown = await httpRequest(`${baseUrl}/nope`);
    const wrongMethod = await httpRequest(`${baseUrl}/graphql`);

    // assert
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/json/);
    expect(unknown.json).toMatchObject({ error: 'Not found: GET /nope' });
    expect(wrongMethod.status).toBe(404);
  });
});
