import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import type { LambdaHttpHandler } from '../../local/http/api-gateway-adapter';
import { createDashboardRoutes } from '../../local/dashboard/static-routes';
import { createLocalServer, listen } from '../../local/server';
import { httpRequest } from '../support/http-request';
import { testIssuer } from '../support/tokens';

describe('dashboard static routes', () => {
  const servers: http.Server[] = [];
  const dirs: string[] = [];
  const unusedHandler: LambdaHttpHandler = async () => ({ statusCode: 500, body: 'not used' });

  /** A file beside the build, that no request may reach. */
  const OUTSIDE = 'outside the build: never served';

  /** Serves `files` as the build, in `<tmp>/dist`, with `<tmp>/outside.txt` next to it. */
  async function serve(files: Record<string, string> | null): Promise<string> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-dist-'));
    dirs.push(root);
    fs.writeFileSync(path.join(root, 'outside.txt'), OUTSIDE);
    const dir = path.join(root, 'dist');
    fs.mkdirSync(dir);
    for (const [name, content] of Object.entries(files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    const server = createLocalServer({ handler: unusedHandler, issuer: await testIssuer(), routes: createDashboardRoutes(dir) });
    servers.push(server);
    return listen(server, 0);
  }

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /dashboard/ and each built file with its content type and no-cache', async () => {
    // prepare
    const base = await serve({
      'index.html': '<!doctype html><p>hi</p>',
      'assets/index.js': 'export {};',
      'assets/index.css': 'p{}',
      'config.json': '{}',
    });

    // act
    const [index, script, style, config] = await Promise.all(
      ['/dashboard/', '/dashboard/assets/index.js', '/dashboard/assets/index.css', '/dashboard/config.json'].map((p) =>
        httpRequest(`${base}${p}`),
      ),
    );

    // assert
    expect(index?.status).toBe(200);
    expect(index?.body.toString()).toBe('<!doctype html><p>hi</p>');
    expect(index?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index?.headers['cache-control']).toBe('no-cache');
    expect(index?.headers['x-content-type-options']).toBe('nosniff');
    expect(script?.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(style?.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(config?.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('redirects /dashboard to /dashboard/ and answers 404 for files outside the build', async () => {
    // prepare
    const base = await serve({ 'index.html': 'x' });

    // act
    const redirect = await httpRequest(`${base}/dashboard`);
    // Sent as is: a URL string would be normalized to /outside.txt before leaving.
    const outside = await httpRequest(base, { rawPath: '/dashboard/../outside.txt' });
    const encoded = await httpRequest(base, { rawPath: '/dashboard/%2e%2e/outside.txt' });
    const unknown = await httpRequest(`${base}/dashboard/assets/other.js`);

    // assert
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/dashboard/');
    for (const response of [outside, encoded]) {
      expect(response.status).toBe(404);
      expect(response.body.toString()).not.toContain(OUTSIDE);
    }
    // The server saw the '..' (the request was not normalized on the way).
    expect((outside.json as { error: string }).error).toBe('Not found: GET /dashboard/../outside.txt');
    expect((encoded.json as { error: string }).error).toBe('Not found: GET /dashboard/%2e%2e/outside.txt');
    expect(unknown.status).toBe(404);
  });

  it('explains how to build the dashboard when there is no build', async () => {
    // prepare
    const base = await serve(null);

    // act
    const response = await httpRequest(`${base}/dashboard/`);

    // assert
    expect(response.status).toBe(503);
    expect(response.body.toString()).toMatch(/npm run build:dashboard/);
  });
});
