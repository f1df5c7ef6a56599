import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localIdOf } from '../../functions/shared/ids/global-id';
import { loseRaces, type LostRaces } from '../support/lost-races';
import { createActiveCouple } from '../support/operations';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/test-api';
import { CREATE_WEBHOOK, DELETE_WEBHOOK, ROTATE_SECRET, SEND_TEST_EVENT, createWebhook } from '../support/webhooks';

const URL = 'https://hooks.example.com/reconnect';
const COUPLE_WEBHOOKS = `query($id: ID!) { couple(id: $id) { webhooks(first: 100) { edges { node { id } } } } }`;

/**
 * Webhook writes that lose a race to a concurrent transaction (DynamoDB
 * cancels them with TransactionConflict, no condition failed) are retried
 * from what is stored, and end in CONFLICT if they keep losing: never
 * INTERNAL_SERVER_ERROR, and the owner's WebhookCount never drifts from the
 * number of webhooks.
 *
 * DynamoDB Local never reports a lost race, so tests/support/lost-races.ts
 * makes chosen transactions lose one as the cloud does; everything else is
 * the real handler and table.
 */
describe('webhook writes under racing requests', () => {
  let api: TestApi;
  let races: LostRaces;

  beforeAll(async () => {
    api = await createTestApi('webhook-races');
    races = loseRaces(api.client);
  });
  afterEach(() => races.reset());
  afterAll(() => api.drop());

  async function countItem(coupleId: string): Promise<number> {
    const result = await DynamoDBDocumentClient.from(api.table.client).send(
      new GetCommand({
        TableName: api.table.tableName,
        Key: { pk: `COUPLE#${localIdOf(coupleId, 'Couple')}`, sk: 'WEBHOOK_COUNT' },
        ConsistentRead: true,
      }),
    );
    return Number(result.Item?.webhookCount ?? 0);
  }

  async function listed(sub: string, coupleId: string): Promise<string[]> {
    const response = await api.as(sub, COUPLE_WEBHOOKS, { id: coupleId });
    return response.data.couple.webhooks.edges.map((e: { node: { id: string } }) => e.node.id);
  }

  const codes = (responses: GraphqlResponse[]) => responses.flatMap((r) => (r.errors ?? []).map((e) => String(e.extensions?.code)));

  it('10 concurrent createWebhook of one couple all succeed, and the count is exact', async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'ra', 'rb');
    // Half of them lose their first round on the count item, as racing writers do in the cloud.
    races.lose(5, 'WEBHOOK_COUNT');

    // act
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.as(i % 2 ? 'ra' : 'rb', CREATE_WEBHOOK, { input: { url: `${URL}/${i}`, events: ['SESSION_COMPLETED'], coupleId } }),
      ),
    );

    // assert: every one either stored or refused with CONFLICT (the couple's limit is 10, so here: all stored)
    expect(races.cancelled).toBe(5);
    expect(codes(racing).filter((code) => code !== 'CONFLICT')).toEqual([]);
    const created = racing.filter((r) => !r.errors).length;
    expect(created).toBe(10);
    expect(await listed('ra', coupleId)).toHaveLength(created);
    expect(await countItem(coupleId)).toBe(created);
  });

  it('concurrent creates and deletes of one couple never answer INTERNAL_SERVER_ERROR and lose no update of the count', async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'rc', 'rd');
    const existing: string[] = [];
    for (let i = 0; i < 5; i += 1) existing.push((await createWebhook(api, 'rc', { url: `${URL}/old${i}`, coupleId })).id);
    races.lose(5, 'WEBHOOK_COUNT');

    // act
    const racing = await Promise.all([
      ...existing.map((id, i) => api.as(i % 2 ? 'rc' : 'rd', DELETE_WEBHOOK, { id })),
      ...Array.from({ length: 5 }, (_, i) =>
        api.as(i % 2 ? 'rd' : 'rc', CREATE_WEBHOOK, { input: { url: `${URL}/new${i}`, events: ['SESSION_COMPLETED'], coupleId } }),
      ),
    ]);

    // assert
    expect(races.cancelled).toBe(5);
    expect(codes(racing).filter((code) => code !== 'CONFLICT')).toEqual([]);
    const remaining = await listed('rc', coupleId);
    const deletes = racing.slice(0, existing.length);
    const creates = racing.slice(existing.length);
    const createdIds = creates.filter((r) => !r.errors).map((r) => r.data.createWebhook.webhook.id as string);
    const undeleted = existing.filter((_, i) => deletes[i]?.errors !== undefined);
    expect([...remaining].sort()).toEqual([...createdIds, ...undeleted].sort());
    expect(await countItem(coupleId)).toBe(remaining.length);
  });

  describe('a write that loses its race', () => {
    it('createWebhook retries and stores the webhook once, counted once', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 're', 'rf');
      races.lose(2, 'WEBHOOK_COUNT');

      // act
      const response = await api.as('re', CREATE_WEBHOOK, { input: { url: URL, events: ['SESSION_COMPLETED'], coupleId } });

      // assert
      expect(response.errors).toBeUndefined();
      expect(races.cancelled).toBe(2);
      expect(await countItem(coupleId)).toBe(1);
      const stored = await api.as('re', COUPLE_WEBHOOKS, { id: coupleId });
      expect(stored.data.couple.webhooks.edges).toHaveLength(1);
    });

    it('createWebhook that keeps losing ends in CONFLICT and stores nothing', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'rg', 'rh');
      races.lose(1000, 'WEBHOOK_COUNT');

      // act
      const response = await api.as('rg', CREATE_WEBHOOK, { input: { url: URL, events: ['SESSION_COMPLETED'], coupleId } });

      // assert
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      expect(response.errors?.[0]?.message).toMatch(/retry/i);
      races.reset();
      expect(await countItem(coupleId)).toBe(0);
      const stored = await api.as('rg', COUPLE_WEBHOOKS, { id: coupleId });
      expect(stored.data.couple.webhooks.edges).toHaveLength(0);
    });

    it('deleteWebhook retries and frees the place once', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'ri', 'rj');
      const { id } = await createWebhook(api, 'ri', { url: URL, coupleId });
      await createWebhook(api, 'ri', { url: `${URL}/2`, coupleId });
      races.lose(2, 'WEBHOOK_COUNT');

      // act
      const response = await api.as('rj', DELETE_WEBHOOK, { id });

      // assert
      expect(response.errors).toBeUndefined();
      expect(races.cancelled).toBe(2);
      expect(await countItem(coupleId)).toBe(1);
    });

    it('deleteWebhook that keeps losing ends in CONFLICT and deletes nothing', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'rk', 'rl');
      const { id } = await createWebhook(api, 'rk', { url: URL, coupleId });
      races.lose(1000, 'WEBHOOK_COUNT');

      // act
      const response = await api.as('rk', DELETE_WEBHOOK, { id });

      // assert
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      races.reset();
      expect(await countItem(coupleId)).toBe(1);
      const stored = await api.as('rk', COUPLE_WEBHOOKS, { id: coupleId });
      expect(stored.data.couple.webhooks.edges).toHaveLength(1);
    });

    it('rotateWebhookSigningSecret retries a lost round, and ends in CONFLICT when every round is lost', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'rm', 'rn');
      const { id } = await createWebhook(api, 'rm', { url: URL, coupleId });
      races.lose(2, 'SIGNING_SECRET');

      // act
      const rotated = await api.as('rm', ROTATE_SECRET, { input: { webhookId: id, gracePeriodHours: 0 } });
      races.lose(1000, 'SIGNING_SECRET');
      const refused = await api.as('rm', ROTATE_SECRET, { input: { webhookId: id, gracePeriodHours: 0 } });

      // assert
      expect(rotated.errors).toBeUndefined();
      expect(rotated.data.rotateWebhookSigningSecret.signingSecret).toMatch(/^whsec_/);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    });

    it('sendTestWebhookEvent retries a lost race, and ends in CONFLICT when it keeps losing', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'ro', 'rp');
      const { id } = await createWebhook(api, 'ro', { url: URL, coupleId });
      races.lose(2, 'WebhookDeliveryId');

      // act
      const sent = await api.as('ro', SEND_TEST_EVENT, { input: { webhookId: id } });
      races.lose(1000, 'WebhookDeliveryId');
      const refused = await api.as('ro', SEND_TEST_EVENT, { input: { webhookId: id } });

      // assert
      expect(sent.errors).toBeUndefined();
      expect(sent.data.sendTestWebhookEvent.delivery).toMatchObject({ status: 'PENDING', test: true });
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    });
  });
});
