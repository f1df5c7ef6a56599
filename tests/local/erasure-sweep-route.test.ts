import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { createLocalIssuer } from '../../local/auth/local-issuer';
import { createErasureSweepRoute } from '../../local/privacy/erasure-sweep-route';
import { createLocalServer, listen } from '../../local/server';
import { createTestErasureSweep, erasureItems, minutesLater, recordingDirectory } from '../support/erasures';
import { httpRequest } from '../support/http-request';
import { buildPrivacyWorld } from '../support/privacy-world';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const DELETE = `mutation { deleteMyAccount(input: { confirm: true }) { deletedId } }`;

/** `POST /local/erasures/sweep`: the erasure sweep handler on demand, as the scheduled rule runs it in the cloud. */
describe('local erasure sweep', () => {
  let api: TestApi;
  let keyDir: string;
  let server: http.Server;
  let baseUrl: string;
  let crash = false;

  beforeAll(async () => {
    api = await createTestApi('local-erasure-sweep', {
      afterErasureBatch: (step) => {
        if (crash && step === 'reflections') {
          crash = false;
          throw new Error('injected crash');
        }
      },
    });
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-erasure-sweep-test-'));
    server = createLocalServer({
      handler: api.handler,
      issuer: await createLocalIssuer({ keyDir }),
      routes: { 'POST /local/erasures/sweep': createErasureSweepRoute(createTestErasureSweep(api, { identities: recordingDirectory() })) },
    });
    baseUrl = await listen(server, 0);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(keyDir, { recursive: true, force: true });
    await api.drop();
  });

  const post = (body?: string) =>
    httpRequest(`${baseUrl}/local/erasures/sweep`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('finishes a crashed erasure when swept at an instant 15 minutes past it, and answers the counts', async () => {
    // prepare
    const world = await buildPrivacyWorld(api, 'route');
    crash = true;
    expect(errorCodes(await api.as(world.ana, DELETE))).toEqual(['INTERNAL_SERVER_ERROR']);

    // act
    const response = await post(JSON.stringify({}));
    const later = minutesLater(api, 16);
    const swept = await post(JSON.stringify(later));

    // assert
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ found: 0, finished: 0, now: api.clock.now().toISOString() });
    expect(swept.status).toBe(200);
    expect(swept.json).toMatchObject({ found: 1, finished: 1, failed: 0, now: later.now });
    expect((await erasureItems(api, world.ana)).marker).toMatchObject({ status: 'DONE' });
  });

  it('answers 400 for an instant that is not RFC 3339', async () => {
    // act
    const response = await post('{"now": "in a quarter of an hour"}');

    // assert
    expect(response.status).toBe(400);
    expect((response.json as { error: string }).error).toMatch(/"now" must be an RFC 3339 instant/);
  });
});
