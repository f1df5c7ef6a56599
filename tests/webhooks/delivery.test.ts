import { DETAIL_TYPES } from '../../functions/shared/events/domain-event';
import { fromGlobalId } from '../../functions/shared/ids/global-id';
import type { InProcessEvents } from '../../local/events/in-process-events';
import { createActiveCouple } from '../support/operations';
import { createTestApi, type TestApi } from '../support/test-api';
import { startReceiver, verifyStandardWebhook, type Receiver } from '../support/webhook-receiver';
import { createLogger } from '../../functions/shared/logging/logger';
import { createDispatchHandler, createWebhookDispatcher } from '../../functions/webhooks/create-handlers';
import { InProcessEventBus } from '../../local/events/in-process-bus';
import { testClock } from '../support/test-api';
import {
  createWebhook,
  eventFor,
  FAST_POLICY,
  HANG_POLICY,
  recordingScheduler,
  testEvents,
  testWebhookConfig,
  WEBHOOK_DELIVERIES,
} from '../support/webhooks';

/**
 * Delivery end to end: a couple and webhook created through the GraphQL
 * handler, a domain event put on the in-process bus (same rules and
 * dispatcher as the cloud), a real HTTP receiver on 127.0.0.1, and the
 * contract's 8-attempt schedule compressed to milliseconds.
 */
describe('webhook delivery', () => {
  let api: TestApi;
  let events: InProcessEvents;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    api = await createTestApi('webhook-delivery');
    events = testEvents(api.table);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    events.close();
    await api.drop();
  });

  async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
    const started = await startReceiver(...args);
    receivers.push(started);
    return started;
  }

  async function deliveries(sub: string, webhookId: string, status?: string) {
    const response = await api.as(sub, WEBHOOK_DELIVERIES, { id: webhookId, status });
    expect(response.errors).toBeUndefined();
    return response.data.node;
  }

  it('retries a 503 and is DELIVERED on the 2nd attempt, with the same webhook-id and a valid signature', async () => {
    // prepare
    const hook = await receiver((_req, index) => (index === 0 ? 503 : 204));
    const coupleId = await createActiveCouple(api, 'd1a', 'd1b');
    const webhook = await createWebhook(api, 'd1a', { url: hook.url, coupleId });

    // act
    await events.bus.publish([eventFor(coupleId)]);
    await events.idle();

    // assert
    expect(hook.requests).toHaveLength(2);
    const [first, second] = hook.requests;
    expect(first?.headers['webhook-id']).toBeDefined();
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(second?.body).toBe(first?.body);
    for (const request of hook.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(verifyStandardWebhook(webhook.signingSecret, request.headers, request.body)).toBe(true);
    }
    expect(verifyStandardWebhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, second!.headers, second!.body)).toBe(false);
    const node = await deliveries('d1a', webhook.id);
    expect(node.active).toBe(true);
    const delivery = node.deliveries.edges[0].node;
    expect(node.deliveries.edges).toHaveLength(1);
    expect(delivery).toMatchObject({
      event: 'SESSION_COMPLETED',
      status: 'DELIVERED',
      attempts: 2,
      lastResponseStatus: 204,
      nextAttemptAt: null,
    });
    expect(delivery.id).toBe(first?.headers['webhook-id']);
    expect(Date.parse(delivery.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(delivery.createdAt));
  });

  it('sends only the event type, ids and times', async () => {
    // prepare
    const hook = await receiver(() => 204);
    const coupleId = await createActiveCouple(api, 'd2a', 'd2b');
    await createWebhook(api, 'd2a', { url: hook.url, coupleId, events: ['REFLECTION_SHARED'] });
    const event = eventFor(coupleId, DETAIL_TYPES.reflectionShared);

    // act
    await events.bus.publish([event]);
    await events.idle();

    // assert
    const payload = JSON.parse(hook.requests[0]?.body ?? '{}');
    expect(Object.keys(payload).sort()).toEqual(['data', 'timestamp', 'type']);
    expect(payload.type).toBe('REFLECTION_SHARED');
    expect(payload.timestamp).toBe(event.occurredAt);
    expect(Object.keys(payload.data).sort()).toEqual(['coupleId', 'eventId', 'reflectionId', 'sessionId', 'sharedAt']);
    expect(payload.data.coupleId).toBe(coupleId);
    expect(fromGlobalId(payload.data.reflectionId)).toEqual({ type: 'Reflection', localId: event.data.reflectionId });
    expect(fromGlobalId(payload.data.sessionId)?.type).toBe('ReconnectSession');
    expect(payload.data.eventId).toBe(event.id);
    expect(payload.data.sharedAt).toBe(event.data.sharedAt);
  });

  it('gives up after the 8th attempt to a receiver that never answers: FAILED, kept and listed by status', async () => {
    // prepare
    const hook = await receiver(() => 'hang');
    const coupleId = await createActiveCouple(api, 'd3a', 'd3b');
    const webhook = await createWebhook(api, 'd3a', { url: hook.url, coupleId });
    const hanging = testEvents(api.table, HANG_POLICY);

    // act
    await hanging.bus.publish([eventFor(coupleId)]);
    await hanging.idle();
    hanging.close();

    // assert
    expect(hook.requests).toHaveLength(8);
    expect(new Set(hook.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const failed = await deliveries('d3a', webhook.id, 'FAILED');
    expect(failed.deliveries.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({ status: 'FAILED', attempts: 8, lastResponseStatus: null, deliveredAt: null, nextAttemptAt: null }),
    ]);
    expect((await deliveries('d3a', webhook.id, 'PENDING')).deliveries.edges).toEqual([]);
    expect((await deliveries('d3a', webhook.id, 'DELIVERED')).deliveries.edges).toEqual([]);
    expect(failed.active).toBe(true);
  });

  it('deactivates the webhook on 410 Gone and delivers nothing more to it', async () => {
    // prepare
    const hook = await receiver(() => 410);
    const coupleId = await createActiveCouple(api, 'd4a', 'd4b');
    const webhook = await createWebhook(api, 'd4a', { url: hook.url, coupleId });

    // act
    await events.bus.publish([eventFor(coupleId)]);
    await events.idle();
    await events.bus.publish([eventFor(coupleId)]);
    await events.idle();

    // assert
    expect(hook.requests).toHaveLength(1);
    const node = await deliveries('d4a', webhook.id);
    expect(node.active).toBe(false);
    expect(node.deliveries.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({ status: 'FAILED', attempts: 1, lastResponseStatus: 410, nextAttemptAt: null }),
    ]);
  });

  it('stops retrying a pending delivery once its webhook is deactivated by another 410', async () => {
    // prepare: the first event meets a 503, the second a 410 while the first waits for its retry, which the test delivers by hand
    let gone = false;
    const hook = await receiver(() => (gone ? 410 : 503));
    const coupleId = await createActiveCouple(api, 'd5a', 'd5b');
    const webhook = await createWebhook(api, 'd5a', { url: hook.url, coupleId });
    const clock = testClock(new Date().toISOString());
    const scheduler = recordingScheduler();
    const dispatcher = createWebhookDispatcher(testWebhookConfig(api.table), {
      clock,
      scheduler,
      policy: FAST_POLICY,
      logger: createLogger({}, 'silent'),
    });
    const bus = new InProcessEventBus({ 'webhook-dispatcher': createDispatchHandler(dispatcher) }, { retryDelaysMs: [] });

    // act
    await bus.publish([eventFor(coupleId)]);
    await bus.idle();
    const retriesAfterFirst = scheduler.scheduled.length;
    gone = true;
    await bus.publish([eventFor(coupleId)]);
    await bus.idle();
    // The retry arrives after the webhook was deactivated, once it is due.
    clock.set(new Date(clock.now().getTime() + 3_600_000));
    await dispatcher.retry(scheduler.scheduled[0]!.message);

    // assert
    expect(retriesAfterFirst).toBe(1);
    expect(scheduler.scheduled).toHaveLength(1);
    expect(hook.requests).toHaveLength(2);
    const statuses = (await deliveries('d5a', webhook.id)).deliveries.edges.map((e: { node: { status: string; attempts: number } }) => [
      e.node.status,
      e.node.attempts,
    ]);
    expect(statuses).toEqual([
      ['FAILED', 1],
      ['FAILED', 1],
    ]);
  });

  it('creates one delivery however often the same event is dispatched', async () => {
    // prepare
    const hook = await receiver(() => 204);
    const coupleId = await createActiveCouple(api, 'd6a', 'd6b');
    const webhook = await createWebhook(api, 'd6a', { url: hook.url, coupleId });
    const event = eventFor(coupleId);

    // act
    const concurrent = await Promise.all([events.dispatcher.dispatch(event), events.dispatcher.dispatch(event)]);
    const again = await events.dispatcher.dispatch(event);
    await events.bus.publish([event]);
    await events.idle();

    // assert
    expect(concurrent.map((s) => s.created).sort()).toEqual([0, 1]);
    expect(again).toEqual({ subscribed: 1, created: 0 });
    expect(hook.requests).toHaveLength(1);
    expect((await deliveries('d6a', webhook.id)).deliveries.edges).toHaveLength(1);
  });

  it('delivers only to active webhooks of that couple subscribed to that event', async () => {
    // prepare
    const hook = await receiver(() => 204);
    const coupleId = await createActiveCouple(api, 'd7a', 'd7b');
    const otherCouple = await createActiveCouple(api, 'd7c', 'd7d');
    await createWebhook(api, 'd7a', { url: `${hook.baseUrl}/sessions`, coupleId, events: ['SESSION_COMPLETED'] });
    await createWebhook(api, 'd7b', { url: `${hook.baseUrl}/reminders`, coupleId, events: ['RECONNECT_REMINDER_DUE', 'CARE_TEAM_ALERT'] });
    await createWebhook(api, 'd7c', { url: `${hook.baseUrl}/other`, coupleId: otherCouple, events: ['SESSION_COMPLETED'] });

    // act
    await events.bus.publish([
      eventFor(coupleId),
      eventFor(coupleId, DETAIL_TYPES.careTeamAlert),
      eventFor(coupleId, DETAIL_TYPES.reflectionShared),
    ]);
    await events.idle();

    // assert
    const received = hook.requests.map((r) => `${r.path} ${JSON.parse(r.body).type}`).sort();
    expect(received).toEqual(['/reminders CARE_TEAM_ALERT', '/sessions SESSION_COMPLETED']);
  });

  it('pages deliveries newest first', async () => {
    // prepare
    const hook = await receiver(() => 204);
    const coupleId = await createActiveCouple(api, 'd8a', 'd8b');
    const webhook = await createWebhook(api, 'd8a', { url: hook.url, coupleId });
    for (let i = 0; i < 3; i += 1) {
      await events.bus.publish([eventFor(coupleId)]);
      await events.idle();
    }

    // act
    const page1 = (await api.as('d8a', WEBHOOK_DELIVERIES, { id: webhook.id, first: 2 })).data.node.deliveries;
    const page2 = (await api.as('d8a', WEBHOOK_DELIVERIES, { id: webhook.id, first: 2, after: page1.pageInfo.endCursor })).data.node
      .deliveries;
    const foreign = await api.as('d8a', WEBHOOK_DELIVERIES, {
      id: webhook.id,
      first: 2,
      after: page1.pageInfo.endCursor,
      status: 'DELIVERED',
    });

    // assert
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const all = [...page1.edges, ...page2.edges].map((e: { node: { createdAt: string; id: string } }) => e.node);
    expect(all).toHaveLength(3);
    expect(new Set(all.map((d) => d.id)).size).toBe(3);
    expect(all.map((d) => d.createdAt)).toEqual([...all.map((d) => d.createdAt)].sort().reverse());
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const receivedIds = hook.requests.map((r) => r.headers['webhook-id']).reverse();
    expect(all.map((d) => d.id)).toEqual(receivedIds);
  });
});
