/**
 * A webhook's URL may carry the receiving app's credential (a token in the
 * path or query), so only the partner who created the webhook sees it in
 * full; the other partner sees its origin.
 */
import { dataOf, freshCouples } from '../support/operations';
import { createTestApi, type TestApi } from '../support/test-api';
import { CREATE_WEBHOOK, WEBHOOK_DELIVERIES } from '../support/webhooks';

const COUPLE_WEBHOOKS = 'query($id: ID!) { couple(id: $id) { webhooks { edges { node { id url } } } } }';

describe('webhook URL visibility', () => {
  let api: TestApi;
  const couples = freshCouples(() => api, ['wanda', 'walt']);

  beforeAll(async () => {
    api = await createTestApi('whurl');
  });
  afterAll(() => api.drop());

  it('shows the full URL to its creator and only the origin to the partner, in lists and by node', async () => {
    // prepare
    const { a, b, coupleId } = await couples();
    const url = 'https://hooks.example.com:8443/in/app-7?token=s3cr3t#frag';
    const created = dataOf(await api.as(a, CREATE_WEBHOOK, { input: { coupleId, url, events: ['SESSION_COMPLETED'] } }), 'createWebhook')
      .createWebhook.webhook;

    // act
    const creatorList = dataOf(await api.as(a, COUPLE_WEBHOOKS, { id: coupleId }), 'list a').couple.webhooks.edges;
    const partnerList = dataOf(await api.as(b, COUPLE_WEBHOOKS, { id: coupleId }), 'list b').couple.webhooks.edges;
    const partnerNode = dataOf(await api.as(b, WEBHOOK_DELIVERIES, { id: created.id }), 'node b').node;

    // assert
    expect(created.url).toContain('token=s3cr3t');
    expect(creatorList.map((e: any) => e.node.url)).toEqual([created.url]);
    expect(partnerList.map((e: any) => e.node.url)).toEqual(['https://hooks.example.com:8443']);
    expect(partnerNode.url).toBe('https://hooks.example.com:8443');
    expect(JSON.stringify(partnerList) + JSON.stringify(partnerNode)).not.toContain('s3cr3t');
  });
});
