import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { EventOutbox, relayOutbox } from '../../functions/shared/events/outbox';
import { unconfiguredPublisher } from '../../functions/shared/events/publisher';
import { createLogger } from '../../functions/shared/logging/logger';
import type { InProcessEvents } from '../../local/events/in-process-events';
import { createActiveCouple } from '../support/operations';
import { createTestApi, type TestApi } from '../support/test-api';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { createWebhook, eventFor, testEvents, WEBHOOK_DELIVERIES } from '../support/webhooks';

/** An event must not vanish when publishing fails after the write, nor be delivered twice when republished. */
describe('outbox to webhook', () => {
  let api: TestApi;
  let events: InProcessEvents;
  let hook: Receiver;
  const logger = createLogger({}, 'silent');

  beforeAll(async () => {
    api = await createTestApi('outbox-delivery');
    events = testEvents(api.table);
    hook = await startReceiver(() => 204);
  });
  afterAll(async () => {
    events.close();
    await hook.close();
    await api.drop();
  });

  it('delivers, exactly once, an event whose publish failed after the commit', async () => {
    // prepare: a producer commits its write with the outbox item, then publishing fails (no bus)
    const coupleId = await createActiveCouple(api, 'o1a', 'o1b');
    const webhook = await createWebhook(api, 'o1a', { url: hook.url, coupleId });
    const table = { client: DynamoDBDocumentClient.from(api.table.client), tableName: api.table.tableName };
    const event = eventFor(coupleId);
    const broken = new EventOutbox(table, unconfiguredPublisher, logger);
    await table.client.send(new TransactWriteCommand({ TransactItems: [broken.putAction(event).action] }));
    await broken.publishCommitted([event]);
    await events.idle();
    const beforeRelay = hook.requests.length;

    // act: the relay runs (as the scheduled sweep would), twice, and the event is also published again directly
    const later = new Date(Date.parse(event.occurredAt) + 2 * 60_000);
    const first = await relayOutbox({ table, publisher: events.bus, logger }, later);
    const second = await relayOutbox({ table, publisher: events.bus, logger }, later);
    await events.bus.publish([event]);
    await events.idle();

    // assert
    expect(beforeRelay).toBe(0);
    expect(first.republished).toBe(1);
    expect(second.found).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(JSON.parse(hook.requests[0]?.body ?? '{}').data.eventId).toBe(event.id);
    const node = (await api.as('o1a', WEBHOOK_DELIVERIES, { id: webhook.id })).data.node;
    expect(node.deliveries.edges).toHaveLength(1);
    expect(node.deliveries.edges[0].node.status).toBe('DELIVERED');
  });
});
