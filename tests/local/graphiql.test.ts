import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createGraphqlHandler } from '../../functions/graphql/create-handler';
import { ALL_SCOPES } from '../../functions/shared/auth/scopes';
import { ensureGraphiqlBundle } from '../../local/graphiql/build-bundle';
import { createApiGatewayRoute } from '../../local/http/api-gateway-adapter';
import { createIdeRoutes } from '../../local/graphiql/ide-route';
import { LOCAL_GRAPHIQL_DIR } from '../../local/paths';
import { createLocalServer, listen } from '../../local/server';
import { testAppConfig } from '../support/app-config';
import { launchChromium } from '../support/browser';
import { httpRequest } from '../support/http-request';
import { createTestTable, type TestTable } from '../support/test-table';
import { testIssuer } from '../support/tokens';

/**
 * The local GraphiQL in headless chromium, over the real GraphQL handler and
 * DynamoDB Local. Generous timeouts: the first run builds the bundle (about
 * 10-20 s on a busy 2-core machine) and chromium itself is slow to start there.
 */
jest.setTimeout(300_000);

/** Evaluated in the page: the response pane shows a `scopes` answer. */
const ANSWER_SHOWN = `document.querySelector('.result-window')?.textContent?.includes('"scopes"')`;

const INTROSPECTION = { query: 'query IntrospectionQuery { __schema { queryType { name } types { name } } }' };

describe('GraphiQL in the local run', () => {
  let table: TestTable;
  let server: http.Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    table = await createTestTable('graphiql');
    const handler = createGraphqlHandler(testAppConfig(table));
    const issuer = await testIssuer();
    const bundle = ensureGraphiqlBundle(LOCAL_GRAPHIQL_DIR);
    const api = createApiGatewayRoute(handler, { routeKey: 'GET /graphql' });
    server = createLocalServer({ handler, issuer, routes: createIdeRoutes({ issuer, bundle: () => bundle, api }) });
    baseUrl = await listen(server, 0);
    await bundle;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    server?.closeAllConnections();
    await table?.drop();
  });

  it('serves GraphiQL to a browser, with a working token in its headers, and shows the answer to { me { scopes } }', async () => {
    // prepare
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('requestfailed', (request) => failures.push(`${request.url()} failed`));
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:') && !request.url().startsWith('blob:'))
        outside.push(request.url());
    });

    // act
    await page.goto(`${baseUrl}/graphql?query=${encodeURIComponent('{ me { scopes } }')}`, { timeout: 120_000 });
    await page.locator('.graphiql-execute-button').click({ timeout: 120_000 });
    await page.waitForFunction(ANSWER_SHOWN, null, { timeout: 120_000 });
    const answer = await page.locator('.result-window').textContent();
    // Monaco draws spaces as no-break spaces: normalised before reading.
    const headers = (await page.locator('.graphiql-editor-tool').textContent())?.replace(/\s+/g, ' ');
    await page.close();

    // assert
    const shown = JSON.parse((answer ?? '').replace(/\s+/g, ' ')) as { data: { me: { scopes: string[] } } };
    expect(shown.data.me.scopes).toEqual([...ALL_SCOPES]);
    expect(headers).toContain('Bearer ey');
    expect(outside).toEqual([]); // no CDN: everything came from the local server
    expect(failures).toEqual([]);
  });

  it('gets a token for another person and scope set from the bar above GraphiQL', async () => {
    // prepare
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/graphql?query=${encodeURIComponent('{ me { scopes } }')}`, { timeout: 120_000 });
    await page.locator('input[name="sub"]').fill('bea');
    for (const scope of ALL_SCOPES.filter((s) => s !== 'profile')) await page.locator(`input[name="scope"][value="${scope}"]`).uncheck();

    // act
    await page.getByRole('button', { name: 'Get token' }).click();
    await page.getByRole('status').filter({ hasText: 'for bea with profile' }).waitFor({ timeout: 60_000 });
    await page.locator('.graphiql-execute-button').click({ timeout: 120_000 });
    await page.waitForFunction(ANSWER_SHOWN, null, { timeout: 120_000 });
    const answer = await page.locator('.result-window').textContent();
    await page.close();

    // assert
    const shown = JSON.parse((answer ?? '').replace(/\s+/g, ' ')) as { data: { me: { scopes: string[] } } };
    expect(shown.data.me.scopes).toEqual(['profile']);
  });

  it('passes a GET /graphql that is not from a browser to the API, which says how to call it', async () => {
    // act
    const response = await httpRequest(`${baseUrl}/graphql`, { method: 'GET', headers: { accept: 'application/json' } });

    // assert
    expect(response.status).toBe(405);
    expect(JSON.stringify(response.json)).toContain('POST');
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it('answers introspection without a token locally, and nothing else without one', async () => {
    // act
    const introspection = await httpRequest(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(INTROSPECTION),
    });
    const mixed = await httpRequest(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } me { scopes } }' }),
    });

    // assert
    expect(introspection.status).toBe(200);
    expect((introspection.json as { data: { __schema: { queryType: { name: string } } } }).data.__schema.queryType.name).toBe('Query');
    expect(mixed.status).toBe(401);
  });

  it('keeps introspection closed in the cloud: no token is refused, and with one it is off', async () => {
    // prepare
    const cloud = createGraphqlHandler(testAppConfig(table, { stage: 'cloud', introspection: false, eventBusName: 'bus' }));
    const issuer = await testIssuer();
    const cloudServer = createLocalServer({ handler: cloud, issuer });
    const cloudUrl = await listen(cloudServer, 0);
    const post = (headers: Record<string, string>) =>
      httpRequest(`${cloudUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(INTROSPECTION),
      });

    // act
    const anonymous = await post({});
    const withToken = await post({ authorization: `Bearer ${await issuer.issueToken({ sub: 'cloud-user' })}` });
    await new Promise((resolve) => cloudServer.close(resolve));

    // assert
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(withToken.json)).toContain('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('GraphiQL bundle cache', () => {
  it('reuses a finished build instead of building again', async () => {
    // prepare
    const first = await ensureGraphiqlBundle(LOCAL_GRAPHIQL_DIR);

    // act
    const second = await ensureGraphiqlBundle(LOCAL_GRAPHIQL_DIR);

    // assert
    expect(second).toEqual({ dir: first.dir, builtMs: null });
    expect(fs.readdirSync(second.dir).sort()).toEqual([
      'codicon.ttf',
      'editor.worker.js',
      'graphql.worker.js',
      'ide.css',
      'ide.js',
      'json.worker.js',
    ]);
    expect(path.dirname(second.dir)).toBe(LOCAL_GRAPHIQL_DIR);
  });
});
