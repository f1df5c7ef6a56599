import { randomUUID } from 'node:crypto';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../../functions/shared/events/domain-event';
import { localIdOf, toGlobalId } from '../../functions/shared/ids/global-id';
import { dataOf } from '../support/operations';
import { ADD_MEMBER, addMember, createPractice, personId } from '../support/practice-operations';
import { verifyStandardWebhook } from '../support/webhook-receiver';
import { REDELIVER, ROTATE_SECRET, SEND_TEST_EVENT, UPDATE_WEBHOOK, WEBHOOK_DELIVERIES, WEBHOOK_DELIVERY } from '../support/webhooks';
import { useWebhookLoop } from '../support/webhook-loop';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret webhook { id url events couple { id } practice { id } } } }`;
const LIST = `query($id: ID!) { practice(id: $id) { webhooks { id practice { id } } } }`;

describe('practice webhooks', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('practice-webhooks');
  });
  afterAll(() => api.drop());

  it('lets an ADMIN create, list and delete them; a COUNSELOR is FORBIDDEN; the SSRF rules apply', async () => {
    // prepare
    const practiceId = await createPractice(api, 'abe');
    await addMember(api, 'abe', practiceId, 'bea', 'COUNSELOR');

    // act
    const created = dataOf(
      await api.as('abe', CREATE, { input: { url: 'https://hooks.example.com/care', events: ['CARE_TEAM_ALERT'], practiceId } }),
      'create',
    ).createWebhook;
    const byCounselor = await api.as('bea', CREATE, {
      input: { url: 'https://hooks.example.com/x', events: ['CARE_TEAM_ALERT'], practiceId },
    });
    const privateAddress = await api.as('abe', CREATE, {
      input: { url: 'https://10.0.0.1/hook', events: ['CARE_TEAM_ALERT'], practiceId },
    });
    const listed = dataOf(await api.as('abe', LIST, { id: practiceId }), 'list').practice.webhooks;
    const counselorList = await api.as('bea', LIST, { id: practiceId });
    const deleted = await api.as('abe', 'mutation($id: ID!) { deleteWebhook(input: { webhookId: $id }) { deletedId } }', {
      id: created.webhook.id,
    });
    const afterDelete = dataOf(await api.as('abe', LIST, { id: practiceId }), 'list again').practice.webhooks;

    // assert
    expect(created.signingSecret).toMatch(/^whsec_/);
    expect(created.webhook).toMatchObject({ couple: null, practice: { id: practiceId }, events: ['CARE_TEAM_ALERT'] });
    expect(errorCodes(byCounselor)).toEqual(['FORBIDDEN']);
    expect(errorCodes(privateAddress)).toEqual(['BAD_USER_INPUT']);
    expect(listed).toEqual([{ id: created.webhook.id, practice: { id: practiceId } }]);
    expect(errorCodes(counselorList)).toEqual(['FORBIDDEN']);
    expect(deleted.errors).toBeUndefined();
    expect(afterDelete).toEqual([]);
  });

  it('answers a non-member like an unknown practice', async () => {
    // prepare
    const practiceId = await createPractice(api, 'cal');

    // act
    const response = await api.as('dee', CREATE, {
      input: { url: 'https://hooks.example.com/care', events: ['CARE_TEAM_ALERT'], practiceId },
    });

    // assert
    expect(errorCodes(response)).toEqual(['NOT_FOUND']);
  });
});

/**
 * The developer loop on a practice's webhook, through the real handler,
 * DynamoDB Local, the in-process bus and dispatcher and a real receiver on
 * 127.0.0.1: the same code path as a couple's webhook (webhook.service.ts
 * decides by the webhook's owner), for the practice's ADMINs only.
 */
describe('practice webhook developer loop', () => {
  const loop = useWebhookLoop('practice-webhook-loop');

  /** A practice run by `admin` with `counselor`, and a CARE_TEAM_ALERT webhook to `url` created by `admin`. */
  async function practiceWithWebhook(admin: string, counselor: string, url: string) {
    const practiceId = await createPractice(loop.api, admin);
    await addMember(loop.api, admin, practiceId, counselor, 'COUNSELOR');
    const created = dataOf(
      await loop.api.as(admin, CREATE, { input: { url, events: ['CARE_TEAM_ALERT'], practiceId } }),
      'create',
    ).createWebhook;
    return { practiceId, webhook: { id: created.webhook.id as string, signingSecret: created.signingSecret as string } };
  }

  /** A care-team alert of a couple for the practice, as the drift tracker publishes it. */
  function alertFor(practiceId: string): DomainEvent {
    const now = new Date().toISOString();
    return newDomainEvent({
      type: DETAIL_TYPES.careTeamAlert,
      coupleId: `couple-${randomUUID()}`,
      occurredAt: now,
      data: { reminderId: randomUUID(), dueAt: now, practiceId: localIdOf(practiceId, 'Practice') as string },
    });
  }

  async function sendTest(sub: string, webhookId: string) {
    const response = await loop.api.as(sub, SEND_TEST_EVENT, { input: { webhookId } });
    await loop.events.idle();
    return response;
  }

  it("sends an ADMIN's test event signed, with the practice's id, and lists it with its attempt log and payload", async () => {
    // prepare
    const hook = await loop.receiver(() => ({ status: 200, body: 'received' }));
    const { practiceId, webhook } = await practiceWithWebhook('pw1a', 'pw1c', hook.url);

    // act
    const response = await sendTest('pw1a', webhook.id);

    // assert
    expect(response.errors).toBeUndefined();
    const sent = response.data.sendTestWebhookEvent.delivery;
    expect(sent).toMatchObject({ event: 'CARE_TEAM_ALERT', status: 'PENDING', test: true });
    expect(hook.requests).toHaveLength(1);
    const request = hook.requests[0]!;
    expect(request.headers['webhook-id']).toBe(sent.id);
    expect(verifyStandardWebhook(webhook.signingSecret, request.headers, request.body)).toBe(true);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ type: 'CARE_TEAM_ALERT', test: true, data: { practiceId } });
    expect(Object.keys(body.data).sort()).toEqual(['coupleId', 'dueAt', 'eventId', 'practiceId', 'reminderId']);
    // The made-up couple names nothing the API has.
    expect((await loop.api.as('pw1a', 'query($id: ID!) { node(id: $id) { id } }', { id: body.data.coupleId })).data.node).toBeNull();
    const stored = (await loop.api.as('pw1a', WEBHOOK_DELIVERY, { id: webhook.id, deliveryId: sent.id })).data.node.delivery;
    expect(stored).toMatchObject({ id: sent.id, status: 'DELIVERED', attempts: 1, lastResponseStatus: 200, payload: request.body });
    expect(stored.attemptLog).toEqual([
      { number: 1, at: expect.any(String), responseStatus: 200, durationMs: expect.any(Number), responseExcerpt: 'received', error: null },
    ]);
  });

  it('reactivates after a 410 (updateWebhook) and redelivers a FAILED care-team alert with the same id and body', async () => {
    // prepare: the receiver answers 410 to a real alert (webhook deactivated, delivery FAILED), then comes back
    let gone = true;
    const hook = await loop.receiver(() => (gone ? 410 : 204));
    const { practiceId, webhook } = await practiceWithWebhook('pw2a', 'pw2c', hook.url);
    await loop.events.bus.publish([alertFor(practiceId)]);
    await loop.events.idle();
    const failed = (await loop.api.as('pw2a', WEBHOOK_DELIVERIES, { id: webhook.id })).data.node.deliveries.edges[0].node;
    const inactive = (await loop.api.as('pw2a', WEBHOOK_DELIVERIES, { id: webhook.id })).data.node.active;
    gone = false;

    // act
    const reactivated = await loop.api.as('pw2a', UPDATE_WEBHOOK, { input: { webhookId: webhook.id, active: true } });
    const redelivered = await loop.api.as('pw2a', REDELIVER, { input: { webhookId: webhook.id, deliveryId: failed.id } });
    await loop.events.idle();

    // assert
    expect(failed).toMatchObject({ status: 'FAILED', lastResponseStatus: 410, event: 'CARE_TEAM_ALERT' });
    expect(inactive).toBe(false);
    expect(reactivated.errors).toBeUndefined();
    expect(reactivated.data.updateWebhook.webhook.active).toBe(true);
    expect(redelivered.errors).toBeUndefined();
    expect(hook.requests).toHaveLength(2);
    expect(hook.requests[1]?.headers['webhook-id']).toBe(failed.id);
    expect(hook.requests[1]?.body).toBe(hook.requests[0]?.body);
    const after = (await loop.api.as('pw2a', WEBHOOK_DELIVERIES, { id: webhook.id })).data.node.deliveries.edges;
    expect(after).toHaveLength(1);
    expect(after[0].node).toMatchObject({ id: failed.id, status: 'DELIVERED', attempts: 2 });
    expect(after[0].node.attemptLog.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([410, 204]);
  });

  it('rotates the signing secret with a grace period: the next delivery verifies with either secret', async () => {
    // prepare
    const hook = await loop.receiver(() => 204);
    const { webhook } = await practiceWithWebhook('pw3a', 'pw3c', hook.url);

    // act
    const rotated = await loop.api.as('pw3a', ROTATE_SECRET, { input: { webhookId: webhook.id, gracePeriodHours: 1 } });
    await sendTest('pw3a', webhook.id);

    // assert
    expect(rotated.errors).toBeUndefined();
    const { signingSecret, previousSecretExpiresAt } = rotated.data.rotateWebhookSigningSecret;
    expect(signingSecret).not.toBe(webhook.signingSecret);
    expect(previousSecretExpiresAt).not.toBeNull();
    const request = hook.requests[0]!;
    expect(verifyStandardWebhook(signingSecret, request.headers, request.body)).toBe(true);
    expect(verifyStandardWebhook(webhook.signingSecret, request.headers, request.body)).toBe(true);
  });

  it('answers a COUNSELOR, a demoted ADMIN and a stranger NOT_FOUND, as for an absent webhook, and sends nothing', async () => {
    // prepare: pw4b was an ADMIN and is demoted to COUNSELOR
    const hook = await loop.receiver(() => 204);
    const { practiceId, webhook } = await practiceWithWebhook('pw4a', 'pw4c', hook.url);
    await addMember(loop.api, 'pw4a', practiceId, 'pw4b', 'ADMIN');
    const demoteId = await personId(loop.api, 'pw4b');
    dataOf(await loop.api.as('pw4a', ADD_MEMBER, { practiceId, personId: demoteId, role: 'COUNSELOR' }), 'demote');
    const absent = toGlobalId('Webhook', randomUUID());

    // act
    const answers = await Promise.all(
      ['pw4c', 'pw4b', 'pw4x'].flatMap((sub) => [
        loop.api.as(sub, SEND_TEST_EVENT, { input: { webhookId: webhook.id } }),
        loop.api.as(sub, UPDATE_WEBHOOK, { input: { webhookId: webhook.id, active: false } }),
        loop.api.as(sub, ROTATE_SECRET, { input: { webhookId: webhook.id } }),
        loop.api.as(sub, REDELIVER, { input: { webhookId: webhook.id, deliveryId: randomUUID() } }),
      ]),
    );
    const forAbsent = await loop.api.as('pw4a', SEND_TEST_EVENT, { input: { webhookId: absent } });
    await loop.events.idle();

    // assert
    for (const answer of answers) {
      expect(errorCodes(answer)).toEqual(['NOT_FOUND']);
      expect(answer.errors?.[0]?.message).toBe(forAbsent.errors?.[0]?.message);
      expect(answer.errors?.[0]?.extensions?.field).toBe('input.webhookId');
    }
    expect(hook.requests).toHaveLength(0);
    const still = (await loop.api.as('pw4a', WEBHOOK_DELIVERIES, { id: webhook.id })).data.node;
    expect(still).toMatchObject({ active: true });
  });
});
