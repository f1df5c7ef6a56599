import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import type { SweepLambdaHandler } from '../../functions/reminders/create-sweep-handler';
import type { SweepResult } from '../../functions/reminders/sweep';
import { createLocalIssuer } from '../../local/auth/local-issuer';
import { createSweepRoute, startSweepSchedule } from '../../local/reminders/sweep-route';
import { createLocalServer, listen } from '../../local/server';
import { httpRequest } from '../support/http-request';
import { createActiveCouple } from '../support/operations';
import { createTestSweep, remindersOf, type TestSweep } from '../support/reminders';
import { createTestApi, type TestApi } from '../support/test-api';

/** `POST /local/reminders/sweep` (contract README, "The local run") and the in-process schedule. */
describe('local reminder sweep', () => {
  let api: TestApi;
  let sweep: TestSweep;
  let keyDir: string;
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    api = await createTestApi('local-sweep');
    sweep = createTestSweep(api);
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-sweep-test-'));
    server = createLocalServer({
      handler: api.handler,
      issuer: await createLocalIssuer({ keyDir }),
      routes: { 'POST /local/reminders/sweep': createSweepRoute(sweep.handler) },
    });
    baseUrl = await listen(server, 0);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(keyDir, { recursive: true, force: true });
    sweep.close();
    await api.drop();
  });

  const post = (body?: string) =>
    httpRequest(`${baseUrl}/local/reminders/sweep`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('runs the sweep handler at the instant given and answers its counts', async () => {
    // prepare: the first reminder is due ten days after the couple formed
    const coupleId = await createActiveCouple(api, 'lou', 'max', 'UTC');

    // act
    const response = await post(JSON.stringify({ now: '2026-12-06T19:00:00Z' }));

    // assert
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ dueCouples: 1, remindersCreated: 1, now: '2026-12-06T19:00:00.000Z' });
    expect((await remindersOf(api, 'lou', coupleId)).map((r) => r.dueAt)).toEqual(['2026-12-06T19:00:00.000Z']);
  });

  it('sweeps at the current time without a body', async () => {
    // act
    const response = await post();

    // assert
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ dueCouples: 0, remindersCreated: 0, now: api.clock.now().toISOString() });
  });

  it.each([
    ['a date without a time', '{"now": "2026-12-10"}', /"now" must be an RFC 3339 instant/],
    ['words', '{"now": "next tuesday"}', /"now" must be an RFC 3339 instant/],
    ['a number', '{"now": 1765393200000}', /"now" must be an RFC 3339 instant/],
    ['an impossible date', '{"now": "2026-02-30T19:00:00Z"}', /"now" must be an RFC 3339 instant/],
    ['a JSON array', '[]', /must be a JSON object/],
    ['malformed JSON', '{"now":', /not valid JSON/],
  ])('answers 400 with a JSON error for %s', async (_label, body, message) => {
    // act
    const response = await post(body);

    // assert
    expect(response.status).toBe(400);
    expect((response.json as { error: string }).error).toMatch(message);
  });

  it('fires the handler on its interval, never twice at once, until stopped', async () => {
    // prepare: fake timers move the interval, and each call runs until the test finishes it (no real time involved)
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const finish: (() => void)[] = [];
    let running = 0;
    let overlapped = false;
    const held: SweepLambdaHandler = () => {
      running += 1;
      overlapped ||= running > 1;
      return new Promise((resolve) =>
        finish.push(() => {
          running -= 1;
          resolve({ remindersCreated: 0 } as SweepResult);
        }),
      );
    };
    const calls: number[] = [];

    try {
      // act
      const stop = startSweepSchedule(held, { intervalMs: 10, log: () => undefined });
      await jest.advanceTimersByTimeAsync(10); // the first tick starts call 1
      calls.push(finish.length);
      await jest.advanceTimersByTimeAsync(100); // ten ticks while call 1 runs
      calls.push(finish.length);
      finish[0]?.();
      await jest.advanceTimersByTimeAsync(10); // the first tick after it finished starts call 2
      calls.push(finish.length);
      finish[1]?.();
      stop();
      await jest.advanceTimersByTimeAsync(100); // no tick after stop
      calls.push(finish.length);
    } finally {
      jest.useRealTimers();
    }

    // assert
    expect(calls).toEqual([1, 1, 2, 2]);
    expect(overlapped).toBe(false);
  });
});
