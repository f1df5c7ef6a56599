import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localIdOf, toGlobalId } from '../../functions/shared/ids/global-id';
import { webhookKey } from '../../functions/webhooks/webhook.repository';
import { createActiveCouple, LEAVE_COUPLE } from '../support/operations';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';
import { CREATE_WEBHOOK, DELETE_WEBHOOK, WEBHOOK_FIELDS, createWebhook } from '../support/webhooks';

const COUPLE_WEBHOOKS = `query($id: ID!, $first: Int, $after: String) {
  couple(id: $id) { webhooks(first: $first, after: $after) { edges { cursor node { ${WEBHOOK_FIELDS} } } pageInfo { hasNextPage endCursor } } }
}`;

const URL = 'https://hooks.example.com/reconnect';

describe('webhooks API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('webhooks-api');
  });
  afterAll(() => api.drop());

  describe('createWebhook', () => {
    it("subscribes a partner's URL and shows a whsec_ secret of 32 random bytes once", async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w1a', 'w1b');

      // act
      const response = await api.as('w1a', CREATE_WEBHOOK, {
        input: { url: 'https://Hooks.Example.com:443/reconnect', events: ['SESSION_COMPLETED', 'REFLECTION_SHARED'], coupleId },
      });

      // assert
      expect(response.errors).toBeUndefined();
      const { webhook, signingSecret } = response.data.createWebhook;
      expect(webhook).toMatchObject({
        url: URL,
        events: ['SESSION_COMPLETED', 'REFLECTION_SHARED'],
        active: true,
        couple: { id: coupleId },
      });
      expect(webhook.createdAt).toBe('2026-11-26T12:00:00.000Z');
      expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(signingSecret.slice(6), 'base64')).toHaveLength(32);
      const again = await createWebhook(api, 'w1b', { url: URL, coupleId });
      expect(again.signingSecret).not.toBe(signingSecret);
    });

    it('keeps the secret out of every read: the type has no such field, only the stored item holds it', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w2a', 'w2b');
      const { id, signingSecret } = await createWebhook(api, 'w2a', { url: URL, coupleId });

      // act
      const type = await api.as('w2a', '{ __type(name: "Webhook") { fields { name } } }');
      const stored = await DynamoDBDocumentClient.from(api.table.client).send(
        new GetCommand({ TableName: api.table.tableName, Key: webhookKey(localIdOf(id, 'Webhook') as string) }),
      );

      // assert
      expect(type.data.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual([
        'active',
        'couple',
        'createdAt',
        'deliveries',
        'delivery',
        'events',
        'id',
        'previousSecretExpiresAt',
        'url',
      ]);
      expect(stored.Item?.signingSecret).toBe(signingSecret);
    });

    it.each([
      ['plain http', 'http://hooks.example.com/x', 'must use https (http only to 127.0.0.1, localhost or [::1] in the local run)'],
      ['a private IPv4', 'https://10.0.0.7/x', 'must not point at a loopback, private, link-local or other internal address'],
      [
        'the metadata address',
        'https://169.254.169.254/latest',
        'must not point at a loopback, private, link-local or other internal address',
      ],
      ['a link-local IPv6', 'https://[fe80::1]/x', 'must not point at a loopback, private, link-local or other internal address'],
      ['an internal name', 'https://metadata.google.internal/x', 'must name a public host, not a local or internal one'],
      ['credentials', 'https://u:p@hooks.example.com/x', 'must not contain credentials'],
      ['a relative URL', 'hooks.example.com/x', 'must be an absolute https URL'],
      ['2049 characters', `https://hooks.example.com/${'x'.repeat(2049 - 26)}`, 'must be at most 2048 characters'],
    ])('refuses %s with BAD_USER_INPUT naming input.url', async (label, url, rule) => {
      // prepare
      const partner = `url-${label.replace(/\W/g, '')}`;
      const coupleId = await createActiveCouple(api, partner, `${partner}-2`);

      // act
      const response = await api.as(partner, CREATE_WEBHOOK, { input: { url, events: ['SESSION_COMPLETED'], coupleId } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe(`input.url: ${rule}`);
      expect(response.errors?.[0]?.extensions?.field).toBe('input.url');
    });

    it('accepts http to loopback in the local run', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w3a', 'w3b');

      // act
      const response = await api.as('w3a', CREATE_WEBHOOK, {
        input: { url: 'http://127.0.0.1:4001/hook', events: ['SESSION_COMPLETED'], coupleId },
      });

      // assert
      expect(response.errors).toBeUndefined();
    });

    it('refuses empty, repeated or unknown events', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w4a', 'w4b');

      // act
      const empty = await api.as('w4a', CREATE_WEBHOOK, { input: { url: URL, events: [], coupleId } });
      const twice = await api.as('w4a', CREATE_WEBHOOK, {
        input: { url: URL, events: ['SESSION_COMPLETED', 'SESSION_COMPLETED'], coupleId },
      });
      const unknown = await api.as('w4a', CREATE_WEBHOOK, { input: { url: URL, events: ['SOMETHING'], coupleId } });

      // assert
      expect(empty.errors?.[0]?.message).toBe('input.events: must name at least one event');
      expect(twice.errors?.[0]?.message).toBe('input.events: must not name an event twice');
      expect([...errorCodes(empty), ...errorCodes(twice), ...errorCodes(unknown)]).toEqual([
        'BAD_USER_INPUT',
        'BAD_USER_INPUT',
        'BAD_USER_INPUT',
      ]);
    });

    it('needs exactly one of coupleId and practiceId', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w5a', 'w5b');

      // act
      const neither = await api.as('w5a', CREATE_WEBHOOK, { input: { url: URL, events: ['SESSION_COMPLETED'] } });
      const both = await api.as('w5a', CREATE_WEBHOOK, {
        input: { url: URL, events: ['SESSION_COMPLETED'], coupleId, practiceId: toGlobalId('Practice', 'p1') },
      });

      // assert
      expect(errorCodes(neither)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(both)).toEqual(['BAD_USER_INPUT']);
      expect(neither.errors?.[0]?.message).toBe('input: give exactly one of coupleId and practiceId');
    });

    it('answers NOT_FOUND for a practice (until practices exist), a stranger, an absent or a wrong-type id', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w6a', 'w6b');

      // act
      const practice = await api.as('w6a', CREATE_WEBHOOK, {
        input: { url: URL, events: ['SESSION_COMPLETED'], practiceId: toGlobalId('Practice', 'p1') },
      });
      const stranger = await api.as('w6z', CREATE_WEBHOOK, { input: { url: URL, events: ['SESSION_COMPLETED'], coupleId } });
      const absent = await api.as('w6a', CREATE_WEBHOOK, {
        input: { url: URL, events: ['SESSION_COMPLETED'], coupleId: toGlobalId('Couple', 'nope') },
      });
      const wrongType = await api.as('w6a', CREATE_WEBHOOK, {
        input: { url: URL, events: ['SESSION_COMPLETED'], coupleId: toGlobalId('Person', 'w6a') },
      });

      // assert
      expect(practice.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.practiceId' });
      for (const response of [stranger, absent, wrongType]) {
        expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.coupleId' });
        expect(response.errors?.[0]?.message).toBe('Couple not found');
      }
    });

    it('refuses an ENDED couple with CONFLICT', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w7a', 'w7b');
      await api.as('w7a', LEAVE_COUPLE, { id: coupleId });

      // act
      const response = await api.as('w7a', CREATE_WEBHOOK, { input: { url: URL, events: ['SESSION_COMPLETED'], coupleId } });

      // assert
      expect(errorCodes(response)).toEqual(['CONFLICT']);
    });

    it('allows 10 webhooks per couple, also under racing requests, and CONFLICT beyond', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w8a', 'w8b');

      // act
      const racing = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          api.as(i % 2 ? 'w8a' : 'w8b', CREATE_WEBHOOK, { input: { url: `${URL}/${i}`, events: ['SESSION_COMPLETED'], coupleId } }),
        ),
      );

      // assert
      expect(racing.filter((r) => !r.errors)).toHaveLength(10);
      const refused = racing.filter((r) => r.errors);
      expect(refused.map(errorCodes)).toEqual([['CONFLICT'], ['CONFLICT']]);
      expect(refused[0]?.errors?.[0]?.extensions?.limit).toBe(10);
      const listed = await api.as('w8a', COUPLE_WEBHOOKS, { id: coupleId, first: 100 });
      expect(listed.data.couple.webhooks.edges).toHaveLength(10);

      // and a deletion frees a place
      await api.as('w8a', DELETE_WEBHOOK, { id: listed.data.couple.webhooks.edges[0].node.id });
      const afterDelete = await api.as('w8b', CREATE_WEBHOOK, { input: { url: URL, events: ['SESSION_COMPLETED'], coupleId } });
      expect(afterDelete.errors).toBeUndefined();
    });

    it('needs the webhooks scope', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'w9a', 'w9b');
      await createWebhook(api, 'w9a', { url: URL, coupleId });

      // act
      const create = await api.as(
        'w9a',
        CREATE_WEBHOOK,
        { input: { url: URL, events: ['SESSION_COMPLETED'], coupleId } },
        { scope: 'couple:read couple:write' },
      );
      const list = await api.as('w9a', COUPLE_WEBHOOKS, { id: coupleId }, { scope: 'couple:read' });

      // assert
      expect(errorCodes(create)).toEqual(['FORBIDDEN']);
      expect(errorCodes(list)).toEqual(['FORBIDDEN']);
      expect(list.errors?.[0]?.path).toEqual(['couple', 'webhooks']);
    });
  });

  describe('reading webhooks', () => {
    it("lists the couple's webhooks newest first, page by page, to both partners", async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'r1a', 'r1b');
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        api.clock.set(`2026-11-26T12:0${i}:00.000Z`);
        ids.push((await createWebhook(api, 'r1a', { url: `${URL}/${i}`, coupleId })).id);
      }
      api.clock.set('2026-11-26T12:00:00.000Z');

      // act
      const page1 = await api.as('r1b', COUPLE_WEBHOOKS, { id: coupleId, first: 2 });
      const page2 = await api.as('r1b', COUPLE_WEBHOOKS, { id: coupleId, first: 2, after: page1.data.couple.webhooks.pageInfo.endCursor });

      // assert
      expect(page1.data.couple.webhooks.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[2], ids[1]]);
      expect(page1.data.couple.webhooks.pageInfo.hasNextPage).toBe(true);
      expect(page2.data.couple.webhooks.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[0]]);
      expect(page2.data.couple.webhooks.pageInfo.hasNextPage).toBe(false);
    });

    it('shows a webhook through node(id:) to partners only (the partner who did not create it sees its origin)', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'r2a', 'r2b');
      const { id } = await createWebhook(api, 'r2a', { url: URL, coupleId });
      const query = `query($id: ID!) { node(id: $id) { ... on Webhook { id url } } }`;

      // act
      const partner = await api.as('r2b', query, { id });
      const stranger = await api.as('r2z', query, { id });

      // assert
      // The creator's partner sees the origin only: the path may carry the receiving app's credential.
      expect(partner.data.node).toEqual({ id, url: new globalThis.URL(URL).origin });
      expect(stranger.errors).toBeUndefined();
      expect(stranger.data.node).toBeNull();
    });
  });

  describe('deleteWebhook', () => {
    it('lets either partner delete; then it is gone', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'x1a', 'x1b');
      const { id } = await createWebhook(api, 'x1a', { url: URL, coupleId });

      // act
      const response = await api.as('x1b', DELETE_WEBHOOK, { id });
      const again = await api.as('x1b', DELETE_WEBHOOK, { id });

      // assert
      expect(response.data.deleteWebhook).toEqual({ deletedId: id });
      expect(errorCodes(again)).toEqual(['NOT_FOUND']);
      const listed = await api.as('x1a', COUPLE_WEBHOOKS, { id: coupleId });
      expect(listed.data.couple.webhooks.edges).toEqual([]);
    });

    it('answers NOT_FOUND to a stranger and for an id of another type, and keeps the webhook', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'x2a', 'x2b');
      const { id } = await createWebhook(api, 'x2a', { url: URL, coupleId });

      // act
      const stranger = await api.as('x2z', DELETE_WEBHOOK, { id });
      const wrongType = await api.as('x2a', DELETE_WEBHOOK, { id: coupleId });

      // assert
      expect(stranger.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.webhookId' });
      expect(wrongType.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.webhookId' });
      const listed = await api.as('x2a', COUPLE_WEBHOOKS, { id: coupleId });
      expect(listed.data.couple.webhooks.edges).toHaveLength(1);
    });
  });
});
