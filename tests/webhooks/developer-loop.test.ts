import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { localIdOf } from '../../functions/shared/ids/global-id';
import { DeliveryRepository } from '../../functions/webhooks/delivery.repository';
import { buildPayload } from '../../functions/webhooks/webhook-payload';
import { createActiveCouple } from '../support/operations';
import { useWebhookLoop } from '../support/webhook-loop';
import { errorCodes } from '../support/test-api';
import { verifyStandardWebhook } from '../support/webhook-receiver';
import {
  createWebhook,
  eventFor,
  REDELIVER,
  ROTATE_SECRET,
  SEND_TEST_EVENT,
  UPDATE_WEBHOOK,
  WEBHOOK_DELIVERY,
  WEBHOOK_DELIVERIES,
} from '../support/webhooks';

/**
 * The webhook developer loop through the real GraphQL handler, DynamoDB
 * Local, the in-process bus (the cloud's rules and dispatcher) and a real
 * HTTP receiver on 127.0.0.1: test events, redelivery, update and
 * reactivation, secret rotation, the attempt log and the payload.
 */
describe('webhook developer loop', () => {
  const loop = useWebhookLoop('webhook-loop');

  async function deliveriesOf(sub: string, webhookId: string) {
    const response = await loop.api.as(sub, WEBHOOK_DELIVERIES, { id: webhookId });
    expect(response.errors).toBeUndefined();
    return response.data.node;
  }

  async function sendTest(sub: string, webhookId: string, event?: string) {
    const response = await loop.api.as(sub, SEND_TEST_EVENT, { input: { webhookId, event } });
    await loop.events.idle();
    return response;
  }

  describe('sendTestWebhookEvent', () => {
    it('delivers a signed test event through the dispatcher, listed with its payload and attempt', async () => {
      // prepare
      const hook = await loop.receiver(() => ({ status: 200, body: 'ok, got it' }));
      const coupleId = await createActiveCouple(loop.api, 't1a', 't1b');
      const webhook = await createWebhook(loop.api, 't1a', { url: hook.url, coupleId, events: ['SESSION_COMPLETED', 'REFLECTION_SHARED'] });

      // act
      const response = await sendTest('t1b', webhook.id);

      // assert
      expect(response.errors).toBeUndefined();
      const sent = response.data.sendTestWebhookEvent.delivery;
      expect(sent).toMatchObject({ event: 'SESSION_COMPLETED', status: 'PENDING', test: true, attempts: 0 });
      expect(hook.requests).toHaveLength(1);
      const request = hook.requests[0]!;
      expect(request.headers['webhook-id']).toBe(sent.id);
      expect(verifyStandardWebhook(webhook.signingSecret, request.headers, request.body)).toBe(true);
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({ type: 'SESSION_COMPLETED', test: true, data: { coupleId } });
      expect(Object.keys(body.data).sort()).toEqual(['completedAt', 'coupleId', 'eventId', 'sessionId']);
      const stored = (await loop.api.as('t1a', WEBHOOK_DELIVERY, { id: webhook.id, deliveryId: sent.id })).data.node.delivery;
      expect(stored).toMatchObject({
        id: sent.id,
        status: 'DELIVERED',
        test: true,
        attempts: 1,
        lastResponseStatus: 200,
        payload: request.body,
      });
      expect(stored.attemptLog).toEqual([
        {
          number: 1,
          at: expect.any(String),
          responseStatus: 200,
          durationMs: expect.any(Number),
          responseExcerpt: 'ok, got it',
          error: null,
        },
      ]);
      expect(stored.attemptLog[0].durationMs).toBeGreaterThanOrEqual(0);
      // The receiver's answer may echo what its URL carries: only the person who set the URL sees it.
      const partnerView = (await loop.api.as('t1b', WEBHOOK_DELIVERY, { id: webhook.id, deliveryId: sent.id })).data.node.delivery;
      expect(partnerView.attemptLog).toEqual([{ ...stored.attemptLog[0], responseExcerpt: null }]);
    });

    it('sends the shape of the event asked for, with made-up ids that name nothing', async () => {
      // prepare
      const hook = await loop.receiver(() => 204);
      const coupleId = await createActiveCouple(loop.api, 't2a', 't2b');
      const webhook = await createWebhook(loop.api, 't2a', { url: hook.url, coupleId });

      // act
      const response = await sendTest('t2a', webhook.id, 'REFLECTION_SHARED');

      // assert
      expect(response.errors).toBeUndefined();
      const body = JSON.parse(hook.requests[0]?.body ?? '{}');
      expect(body.type).toBe('REFLECTION_SHARED');
      expect(Object.keys(body.data).sort()).toEqual(['coupleId', 'eventId', 'reflectionId', 'sessionId', 'sharedAt']);
      const reflection = await loop.api.as('t2a', 'query($id: ID!) { node(id: $id) { id } }', { id: body.data.reflectionId });
      expect(reflection.data.node).toBeNull();
    });

    it("refuses an inactive webhook (CONFLICT), another couple's (NOT_FOUND) and a token without the webhooks scope (FORBIDDEN)", async () => {
      // prepare
      const hook = await loop.receiver(() => 204);
      const coupleId = await createActiveCouple(loop.api, 't3a', 't3b');
      await createActiveCouple(loop.api, 't3x', 't3y');
      const webhook = await createWebhook(loop.api, 't3a', { url: hook.url, coupleId });
      const paused = await loop.api.as('t3a', UPDATE_WEBHOOK, { input: { webhookId: webhook.id, active: false } });
      expect(paused.errors).toBeUndefined();

      // act
      const inactive = await sendTest('t3a', webhook.id);
      const stranger = await sendTest('t3x', webhook.id);
      const noScope = await loop.api.as(
        't3a',
        SEND_TEST_EVENT,
        { input: { webhookId: webhook.id } },
        { scope: 'couple:read couple:write' },
      );

      // assert
      expect(errorCodes(inactive)).toEqual(['CONFLICT']);
      expect(inactive.errors?.[0]?.message).toContain('updateWebhook(input: { active: true })');
      expect(errorCodes(stranger)).toEqual(['NOT_FOUND']);
      expect(stranger.errors?.[0]?.extensions?.field).toBe('input.webhookId');
      expect(errorCodes(noScope)).toEqual(['FORBIDDEN']);
      expect(hook.requests).toHaveLength(0);
    });
  });

  describe('attempt log', () => {
    it('lists every attempt with its status and a response excerpt capped at 256 bytes, cut on a character boundary', async () => {
      // prepare: a 600-byte error page (two-byte characters), then success
      const hook = await loop.receiver((index) => (index === 0 ? { status: 500, body: 'é'.repeat(300) } : 204));
      const coupleId = await createActiveCouple(loop.api, 'l1a', 'l1b');
      const webhook = await createWebhook(loop.api, 'l1a', { url: hook.url, coupleId });

      // act
      await loop.events.bus.publish([eventFor(coupleId)]);
      await loop.events.idle();

      // assert
      const delivery = (await deliveriesOf('l1a', webhook.id)).deliveries.edges[0].node;
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 2, test: false });
      expect(delivery.attemptLog.map((a: { number: number; responseStatus: number }) => [a.number, a.responseStatus])).toEqual([
        [1, 500],
        [2, 204],
      ]);
      expect(delivery.attemptLog[0].responseExcerpt).toBe('é'.repeat(128));
      expect(delivery.attemptLog[1].responseExcerpt).toBeNull();
      expect(delivery.payload).toBe(hook.requests[0]?.body);
    });

    it('records why an attempt had no status', async () => {
      // prepare: a receiver that is gone (closed port)
      const hook = await loop.receiver(() => 204);
      const coupleId = await createActiveCouple(loop.api, 'l2a', 'l2b');
      const webhook = await createWebhook(loop.api, 'l2a', { url: hook.url, coupleId });
      await hook.close();

      // act
      await sendTest('l2a', webhook.id);

      // assert
      const delivery = (await deliveriesOf('l2a', webhook.id)).deliveries.edges[0].node;
      expect(delivery.status).toBe('FAILED');
      expect(delivery.attemptLog).toHaveLength(8);
      expect(delivery.attemptLog[0]).toMatchObject({
        number: 1,
        responseStatus: null,
        responseExcerpt: null,
        error: 'connection-error:ECONNREFUSED',
      });
    });
  });

  describe('updateWebhook and redeliverWebhookDelivery', () => {
    it('reactivates a webhook that a 410 deactivated, and redelivers its FAILED delivery with the same id and body', async () => {
      // prepare: the receiver answers 410 (webhook deactivated, delivery FAILED), then comes back
      let gone = true;
      const hook = await loop.receiver(() => (gone ? 410 : 204));
      const coupleId = await createActiveCouple(loop.api, 'r1a', 'r1b');
      const webhook = await createWebhook(loop.api, 'r1a', { url: hook.url, coupleId });
      await loop.events.bus.publish([eventFor(coupleId)]);
      await loop.events.idle();
      const failed = (await deliveriesOf('r1a', webhook.id)).deliveries.edges[0].node;
      const refusedWhileInactive = await loop.api.as('r1a', REDELIVER, { input: { webhookId: webhook.id, deliveryId: failed.id } });
      gone = false;

      // act
      const reactivated = await loop.api.as('r1b', UPDATE_WEBHOOK, { input: { webhookId: webhook.id, active: true } });
      const redelivered = await loop.api.as('r1a', REDELIVER, { input: { webhookId: webhook.id, deliveryId: failed.id } });
      await loop.events.idle();

      // assert
      expect(failed).toMatchObject({ status: 'FAILED', lastResponseStatus: 410 });
      expect(errorCodes(refusedWhileInactive)).toEqual(['CONFLICT']);
      expect(reactivated.errors).toBeUndefined();
      expect(reactivated.data.updateWebhook.webhook.active).toBe(true);
      expect(redelivered.errors).toBeUndefined();
      expect(redelivered.data.redeliverWebhookDelivery.delivery).toMatchObject({ id: failed.id, status: 'PENDING' });
      expect(hook.requests).toHaveLength(2);
      expect(hook.requests[1]?.headers['webhook-id']).toBe(failed.id);
      expect(hook.requests[1]?.body).toBe(hook.requests[0]?.body);
      expect(verifyStandardWebhook(webhook.signingSecret, hook.requests[1]!.headers, hook.requests[1]!.body)).toBe(true);
      const after = (await deliveriesOf('r1a', webhook.id)).deliveries.edges;
      expect(after).toHaveLength(1);
      expect(after[0].node).toMatchObject({ id: failed.id, status: 'DELIVERED', attempts: 2, lastResponseStatus: 204 });
      expect(after[0].node.attemptLog.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([410, 204]);
    });

    it('gives a redelivery the whole retry schedule again', async () => {
      // prepare: 8 failed attempts (FAILED), then the receiver fails twice more and recovers
      let calls = 0;
      const hook = await loop.receiver(() => (++calls <= 10 ? 503 : 204));
      const coupleId = await createActiveCouple(loop.api, 'r2a', 'r2b');
      const webhook = await createWebhook(loop.api, 'r2a', { url: hook.url, coupleId });
      await loop.events.bus.publish([eventFor(coupleId)]);
      await loop.events.idle();
      const failed = (await deliveriesOf('r2a', webhook.id)).deliveries.edges[0].node;

      // act
      const redelivered = await loop.api.as('r2a', REDELIVER, { input: { webhookId: webhook.id, deliveryId: failed.id } });
      await loop.events.idle();

      // assert
      expect(failed).toMatchObject({ status: 'FAILED', attempts: 8 });
      expect(redelivered.errors).toBeUndefined();
      const after = (await deliveriesOf('r2a', webhook.id)).deliveries.edges[0].node;
      expect(after).toMatchObject({ status: 'DELIVERED', attempts: 11, lastResponseStatus: 204 });
      expect(after.attemptLog.map((a: { number: number }) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });

    it('lets exactly one of two concurrent redeliveries through; the other sees it PENDING', async () => {
      // prepare: a DELIVERED delivery; the bus holds requested attempts until both redeliveries answered
      const hook = await loop.receiver(() => 204);
      const coupleId = await createActiveCouple(loop.api, 'r3a', 'r3b');
      const webhook = await createWebhook(loop.api, 'r3a', { url: hook.url, coupleId });
      await sendTest('r3a', webhook.id);
      const delivered = (await deliveriesOf('r3a', webhook.id)).deliveries.edges[0].node;

      // act
      const input = { input: { webhookId: webhook.id, deliveryId: delivered.id } };
      const { result: results, held: requested } = await loop.holdingEvents(() =>
        Promise.all([loop.api.as('r3a', REDELIVER, input), loop.api.as('r3b', REDELIVER, input)]),
      );
      await loop.events.bus.publish(requested);
      await loop.events.idle();

      // assert
      expect(delivered.status).toBe('DELIVERED');
      expect(results.map((r) => (r.errors ? errorCodes(r)[0] : 'ok')).sort()).toEqual(['CONFLICT', 'ok']);
      expect(requested).toHaveLength(1);
      expect(hook.requests).toHaveLength(2);
      const after = (await deliveriesOf('r3a', webhook.id)).deliveries.edges[0].node;
      expect(after).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    });

    it('stops a delivery at 40 attempts, redeliveries included, and then refuses to redeliver it (CONFLICT with the limit)', async () => {
      // prepare: a FAILED delivery that already made 38 attempts (seeded in the table), a receiver that keeps failing
      const hook = await loop.receiver(() => 503);
      const coupleId = await createActiveCouple(loop.api, 'r5a', 'r5b');
      const webhook = await createWebhook(loop.api, 'r5a', { url: hook.url, coupleId });
      const webhookId = localIdOf(webhook.id, 'Webhook') as string;
      const at = loop.api.clock.now().toISOString();
      const event = eventFor(coupleId);
      await new DeliveryRepository({
        client: DynamoDBDocumentClient.from(loop.api.table.client),
        tableName: loop.api.table.tableName,
      }).create({
        id: randomUUID(),
        webhookId,
        coupleId: localIdOf(coupleId, 'Couple') as string,
        eventId: event.id,
        event: 'SESSION_COMPLETED',
        payload: buildPayload(event),
        status: 'FAILED',
        attempts: 38,
        lastResponseStatus: 503,
        lastError: null,
        createdAt: at,
        deliveredAt: null,
        nextAttemptAt: null,
        test: false,
        retryBase: 32,
        attemptLog: [],
      });
      const seeded = (await deliveriesOf('r5a', webhook.id)).deliveries.edges[0].node;

      // act
      const redelivered = await loop.api.as('r5a', REDELIVER, { input: { webhookId: webhook.id, deliveryId: seeded.id } });
      await loop.events.idle();
      const again = await loop.api.as('r5a', REDELIVER, { input: { webhookId: webhook.id, deliveryId: seeded.id } });

      // assert
      expect(redelivered.errors).toBeUndefined();
      expect(hook.requests).toHaveLength(2);
      expect((await deliveriesOf('r5a', webhook.id)).deliveries.edges[0].node).toMatchObject({ status: 'FAILED', attempts: 40 });
      expect(errorCodes(again)).toEqual(['CONFLICT']);
      expect(again.errors?.[0]?.extensions?.limit).toBe(40);
    });

    it("answers NOT_FOUND for a delivery id the webhook does not have, and for another couple's webhook", async () => {
      // prepare
      const hook = await loop.receiver(() => 204);
      const coupleId = await createActiveCouple(loop.api, 'r4a', 'r4b');
      await createActiveCouple(loop.api, 'r4x', 'r4y');
      const webhook = await createWebhook(loop.api, 'r4a', { url: hook.url, coupleId });
      await sendTest('r4a', webhook.id);
      const delivered = (await deliveriesOf('r4a', webhook.id)).deliveries.edges[0].node;

      // act
      const unknown = await loop.api.as('r4a', REDELIVER, {
        input: { webhookId: webhook.id, deliveryId: '00000000-0000-4000-8000-000000000000' },
      });
      const malformed = await loop.api.as('r4a', REDELIVER, { input: { webhookId: webhook.id, deliveryId: 'x'.repeat(2000) } });
      const stranger = await loop.api.as('r4x', REDELIVER, { input: { webhookId: webhook.id, deliveryId: delivered.id } });

      // assert
      expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
      expect(unknown.errors?.[0]?.extensions?.field).toBe('input.deliveryId');
      expect(errorCodes(malformed)).toEqual(['NOT_FOUND']);
      expect(errorCodes(stranger)).toEqual(['NOT_FOUND']);
      expect(stranger.errors?.[0]?.extensions?.field).toBe('input.webhookId');
    });

    it('moves a webhook to a new URL and events: the next event goes there, and only if subscribed', async () => {
      // prepare
      const before = await loop.receiver(() => 204);
      const after = await loop.receiver(() => 204);
      const coupleId = await createActiveCouple(loop.api, 'u1a', 'u1b');
      const webhook = await createWebhook(loop.api, 'u1a', { url: before.url, coupleId, events: ['SESSION_COMPLETED'] });

      // act
      const updated = await loop.api.as('u1a', UPDATE_WEBHOOK, {
        input: { webhookId: webhook.id, url: after.url, events: ['REFLECTION_SHARED'] },
      });
      await loop.events.bus.publish([eventFor(coupleId)]);
      await loop.events.idle();
      await loop.events.bus.publish([eventFor(coupleId, 'Reconnect.ReflectionShared')]);
      await loop.events.idle();

      // assert
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateWebhook.webhook).toMatchObject({ url: after.url, events: ['REFLECTION_SHARED'], active: true });
      expect(before.requests).toHaveLength(0);
      expect(after.requests.map((r) => JSON.parse(r.body).type)).toEqual(['REFLECTION_SHARED']);
    });

    it('makes whoever sets a new URL the one who sees it in full (the other partner sees its origin)', async () => {
      // prepare
      const coupleId = await createActiveCouple(loop.api, 'u2a', 'u2b');
      const webhook = await createWebhook(loop.api, 'u2a', { url: 'https://hooks.example.com/a?token=secret-a', coupleId });

      // act
      const updated = await loop.api.as('u2b', UPDATE_WEBHOOK, {
        input: { webhookId: webhook.id, url: 'https://other.example.com/b?token=secret-b' },
      });
      const creatorView = await loop.api.as('u2a', WEBHOOK_DELIVERIES, { id: webhook.id });

      // assert
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateWebhook.webhook.url).toBe('https://other.example.com/b?token=secret-b');
      expect(creatorView.data.node.url).toBe('https://other.example.com');
    });

    it.each([
      ['a private address', { url: 'https://10.0.0.7/x' }, 'input.url'],
      ['no event', { events: [] }, 'input.events'],
      ['an event twice', { events: ['SESSION_COMPLETED', 'SESSION_COMPLETED'] }, 'input.events'],
      ['nothing to change', {}, 'input'],
    ])('refuses an update with %s (BAD_USER_INPUT naming the field)', async (label, changes, field) => {
      // prepare
      const sub = `v-${label.replace(/\W/g, '')}`;
      const coupleId = await createActiveCouple(loop.api, sub, `${sub}-partner`);
      const webhook = await createWebhook(loop.api, sub, { url: 'https://hooks.example.com/x', coupleId });

      // act
      const response = await loop.api.as(sub, UPDATE_WEBHOOK, { input: { webhookId: webhook.id, ...changes } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
      expect(response.errors?.[0]?.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    });
  });

  describe('rotateWebhookSigningSecret', () => {
    it('signs with both secrets during the grace period: a receiver on either secret accepts', async () => {
      // prepare
      const hook = await loop.receiver(() => 204);
      const coupleId = await createActiveCouple(loop.api, 's1a', 's1b');
      const webhook = await createWebhook(loop.api, 's1a', { url: hook.url, coupleId });

      // act
      const rotated = await loop.api.as('s1a', ROTATE_SECRET, { input: { webhookId: webhook.id, gracePeriodHours: 2 } });
      await sendTest('s1a', webhook.id);

      // assert
      expect(rotated.errors).toBeUndefined();
      const { signingSecret, previousSecretExpiresAt, webhook: after } = rotated.data.rotateWebhookSigningSecret;
      expect(signingSecret).toMatch(/^whsec_/);
      expect(signingSecret).not.toBe(webhook.signingSecret);
      expect(Date.parse(previousSecretExpiresAt) - Date.parse(loop.api.clock.now().toISOString())).toBe(2 * 3_600_000);
      expect(after.previousSecretExpiresAt).toBe(previousSecretExpiresAt);
      const request = hook.requests[0]!;
      expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifyStandardWebhook(signingSecret, request.headers, request.body)).toBe(true);
      expect(verifyStandardWebhook(webhook.signingSecret, request.headers, request.body)).toBe(true);
      // The reference library accepts it with either secret, too.
      const headers = request.headers as Record<string, string>;
      expect(() => new StandardWebhook(signingSecret).verify(request.body, headers)).not.toThrow();
      expect(() => new StandardWebhook(webhook.signingSecret).verify(request.body, headers)).not.toThrow();
    });

    it('drops the old secret at once with a grace period of 0, and after its grace period ended', async () => {
      // prepare: one rotation without grace; another whose 1-hour grace ended long ago
      const hook = await loop.receiver(() => 204);
      const coupleId = await createActiveCouple(loop.api, 's2a', 's2b');
      const immediate = await createWebhook(loop.api, 's2a', { url: `${hook.baseUrl}/immediate`, coupleId });
      const expired = await createWebhook(loop.api, 's2a', { url: `${hook.baseUrl}/expired`, coupleId });
      const now = await loop.api.as('s2a', ROTATE_SECRET, { input: { webhookId: immediate.id, gracePeriodHours: 0 } });
      loop.api.clock.set('2026-01-01T00:00:00.000Z');
      const past = await loop.api.as('s2a', ROTATE_SECRET, { input: { webhookId: expired.id, gracePeriodHours: 1 } });

      // act
      await sendTest('s2a', immediate.id);
      await sendTest('s2a', expired.id);

      // assert
      expect(now.data.rotateWebhookSigningSecret.previousSecretExpiresAt).toBeNull();
      expect(past.data.rotateWebhookSigningSecret.previousSecretExpiresAt).toBe('2026-01-01T01:00:00.000Z');
      const byPath = (path: string) => hook.requests.find((r) => r.path === path)!;
      for (const [path, old, current] of [
        ['/immediate', immediate.signingSecret, now.data.rotateWebhookSigningSecret.signingSecret],
        ['/expired', expired.signingSecret, past.data.rotateWebhookSigningSecret.signingSecret],
      ] as const) {
        const request = byPath(path);
        expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(1);
        expect(verifyStandardWebhook(current, request.headers, request.body)).toBe(true);
        expect(verifyStandardWebhook(old, request.headers, request.body)).toBe(false);
      }
    });

    it("refuses a grace period outside 0..168 hours (BAD_USER_INPUT naming input.gracePeriodHours) and another couple's webhook", async () => {
      // prepare
      const coupleId = await createActiveCouple(loop.api, 's3a', 's3b');
      await createActiveCouple(loop.api, 's3x', 's3y');
      const webhook = await createWebhook(loop.api, 's3a', { url: 'https://hooks.example.com/x', coupleId });

      // act
      const tooLong = await loop.api.as('s3a', ROTATE_SECRET, { input: { webhookId: webhook.id, gracePeriodHours: 169 } });
      const negative = await loop.api.as('s3a', ROTATE_SECRET, { input: { webhookId: webhook.id, gracePeriodHours: -1 } });
      const stranger = await loop.api.as('s3x', ROTATE_SECRET, { input: { webhookId: webhook.id } });

      // assert
      for (const response of [tooLong, negative]) {
        expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
        expect(response.errors?.[0]?.message).toBe('input.gracePeriodHours: must be a whole number of hours from 0 to 168');
      }
      expect(errorCodes(stranger)).toEqual(['NOT_FOUND']);
    });
  });
});
