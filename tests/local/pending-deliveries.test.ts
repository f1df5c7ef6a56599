import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import type { RetryPolicy } from '../../functions/webhooks/retry-schedule';
import { createLocalIssuer } from '../../local/auth/local-issuer';
import { createWebhookRetryRoute } from '../../local/events/pending-deliveries';
import type { InProcessEvents } from '../../local/events/in-process-events';
import { createLocalServer, listen } from '../../local/server';
import { httpRequest } from '../support/http-request';
import { createActiveCouple } from '../support/operations';
import { createTestApi, type TestApi } from '../support/test-api';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { createWebhook, eventFor, testEvents, WEBHOOK_DELIVERIES } from '../support/webhooks';

/**
 * The local run's retries live on timers that die with `npm start`. A new
 * run finds every PENDING delivery in the table again, and
 * `POST /local/webhooks/retry` attempts them now.
 */
describe('local pending deliveries', () => {
  let api: TestApi;
  let hook: Receiver;
  let receiverUp = false;
  const running: InProcessEvents[] = [];

  beforeAll(async () => {
    api = await createTestApi('local-pending');
    hook = await startReceiver(() => (receiverUp ? 204 : 503));
  });
  afterEach(() => {
    for (const events of running.splice(0)) events.close();
    receiverUp = false;
  });
  afterAll(async () => {
    await hook.close();
    await api.drop();
  });

  /** A "run" of the local event path on the test table. */
  function run(policy: RetryPolicy): InProcessEvents {
    const events = testEvents(api.table, policy);
    running.push(events);
    return events;
  }

  /** A delivery whose first attempt failed (503) and whose retry is waiting on the first run's timer. */
  async function pendingDelivery(first: InProcessEvents, sub: string): Promise<string> {
    const coupleId = await createActiveCouple(api, sub, `${sub}-partner`);
    const webhook = await createWebhook(api, sub, { url: hook.url, coupleId });
    await first.bus.publish([eventFor(coupleId)]);
    await first.bus.idle();
    return webhook.id;
  }

  async function deliveryOf(sub: string, webhookId: string) {
    return (await api.as(sub, WEBHOOK_DELIVERIES, { id: webhookId })).data.node.deliveries.edges[0].node;
  }

  it('re-schedules PENDING deliveries from the table when a new run starts', async () => {
    // prepare: the first run fails once and schedules a retry 2 s later, then stops (its timers die)
    const first = run({ delaysMs: [2000, 2000], attemptTimeoutMs: 10_000 });
    const webhookId = await pendingDelivery(first, 'p1');
    first.close();
    receiverUp = true;
    const before = await deliveryOf('p1', webhookId);

    // act: the next run starts
    const second = run({ delaysMs: [2000, 2000], attemptTimeoutMs: 10_000 });
    const resumed = await second.pending.resume();
    await second.idle();

    // assert
    expect(before).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(first.scheduler.pending).toBe(0);
    expect(resumed.rescheduled).toBeGreaterThanOrEqual(1);
    expect(await deliveryOf('p1', webhookId)).toMatchObject({ status: 'DELIVERED', attempts: 2 });
  });

  it('POST /local/webhooks/retry attempts every PENDING delivery now, however far its next attempt is', async () => {
    // prepare: the next attempt would be an hour away
    const events = run({ delaysMs: [3_600_000, 3_600_000], attemptTimeoutMs: 10_000 });
    const webhookId = await pendingDelivery(events, 'p2');
    events.close();
    receiverUp = true;
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-pending-test-'));
    const server: http.Server = createLocalServer({
      handler: api.handler,
      issuer: await createLocalIssuer({ keyDir }),
      routes: { 'POST /local/webhooks/retry': createWebhookRetryRoute(events.pending) },
    });
    const baseUrl = await listen(server, 0);
    const requestsBefore = hook.requests.length;

    try {
      // act
      const response = await httpRequest(`${baseUrl}/local/webhooks/retry`, { method: 'POST' });

      // assert
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ attempted: expect.any(Number), delivered: expect.any(Number), pending: 0 });
      expect((response.json as { delivered: number }).delivered).toBeGreaterThanOrEqual(1);
      expect(hook.requests.length).toBe(requestsBefore + (response.json as { attempted: number }).attempted);
      expect(await deliveryOf('p2', webhookId)).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(keyDir, { recursive: true, force: true });
    }
  });
});
