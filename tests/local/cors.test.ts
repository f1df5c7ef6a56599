import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createLocalIssuer } from '../../local/auth/local-issuer';
import type { LambdaHttpHandler } from '../../local/http/api-gateway-adapter';
import { createLocalServer, listen } from '../../local/server';
import { httpRequest } from '../support/http-request';

/** The local run answers CORS like the cloud's HTTP API: allowed origins only, never `*`. */
describe('local server CORS', () => {
  const ALLOWED = 'https://dashboard.example.com';
  let keyDir: string;
  let server: http.Server;
  let baseUrl: string;
  let calls = 0;

  beforeAll(async () => {
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cors-test-'));
    const handler: LambdaHttpHandler = async () => {
      calls += 1;
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"data":{"__typename":"Query"}}' };
    };
    server = createLocalServer({ handler, issuer: await createLocalIssuer({ keyDir }), corsOrigins: [ALLOWED] });
    baseUrl = await listen(server, 0);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  const preflight = (origin: string, method = 'POST') =>
    httpRequest(`${baseUrl}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' },
    });

  it('answers the preflight of an allowed origin with 204, echoing the origin, without calling the handler', async () => {
    const before = calls;

    const response = await preflight(ALLOWED);

    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(response.headers['access-control-allow-headers']).toContain('authorization');
    expect(response.headers['access-control-allow-headers']).toContain('idempotency-key');
    expect(calls).toBe(before);
  });

  it('refuses the preflight of another origin, or of a method with no route, with 403; another origin gets no CORS header', async () => {
    const other = await preflight('https://evil.example.com');
    const wrongMethod = await preflight(ALLOWED, 'DELETE');

    for (const response of [other, wrongMethod]) expect(response.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  // Known defect (local/http/cors.ts:28-31): an allowed origin gets allow-origin and expose-headers before the
  // preflight is decided, and the 403 (:38-40) keeps them. Browsers still block it (403, no allow-methods), but
  // a refused preflight should carry no CORS header. Drop `.failing` once cors.ts sets them only on the 204.
  it.failing('sends no CORS header on a refused preflight of an allowed origin (a method with no route)', async () => {
    const wrongMethod = await preflight(ALLOWED, 'DELETE');

    expect(wrongMethod.status).toBe(403);
    expect(wrongMethod.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("adds the allowed origin to the actual request's response, and nothing for other origins", async () => {
    const post = (origin: string) =>
      httpRequest(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });

    const allowed = await post(ALLOWED);
    const other = await post('https://evil.example.com');

    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(allowed.headers['access-control-expose-headers']).toBe('retry-after, idempotent-replayed');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
