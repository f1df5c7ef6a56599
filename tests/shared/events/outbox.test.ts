import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../../../functions/shared/events/domain-event';
import { EventOutbox, outboxKey, relayOutbox } from '../../../functions/shared/events/outbox';
import { PublishError, type EventPublisher } from '../../../functions/shared/events/publisher';
import type { TableContext } from '../../../functions/shared/data/table';
import { createLogger } from '../../../functions/shared/logging/logger';
import { createTestTable, type TestTable } from '../../support/test-table';

/** A publisher that records what it accepted and refuses the event ids in `refuse`. */
function recordingPublisher(refuse = new Set<string>()): EventPublisher & { accepted: DomainEvent[] } {
  const accepted: DomainEvent[] = [];
  return {
    accepted,
    async publish(events) {
      const failed = events.filter((e) => refuse.has(e.id)).map((e) => e.id);
      accepted.push(...events.filter((e) => !refuse.has(e.id)));
      if (failed.length) throw new PublishError(failed, 'refused');
    },
  };
}

describe('transactional outbox', () => {
  let table: TestTable;
  let context: TableContext;
  const logger = createLogger({}, 'silent');
  const T0 = '2026-12-01T19:40:00.000Z';

  beforeAll(async () => {
    table = await createTestTable('outbox');
    context = { client: DynamoDBDocumentClient.from(table.client), tableName: table.tableName };
  });
  afterAll(() => table.drop());

  /** A producer's write: its own item and the outbox item, in one transaction. */
  async function produce(event: DomainEvent, outbox: EventOutbox): Promise<void> {
    await context.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table.tableName, Item: { pk: `THING#${event.id}`, sk: 'THING' } } },
          outbox.putAction(event).action,
        ],
      }),
    );
  }

  async function inOutbox(event: DomainEvent): Promise<boolean> {
    const result = await context.client.send(
      new GetCommand({ TableName: table.tableName, Key: outboxKey(event.id), ConsistentRead: true }),
    );
    return result.Item !== undefined;
  }

  function event(coupleId: string, at = T0): DomainEvent {
    return newDomainEvent({ type: DETAIL_TYPES.sessionCompleted, coupleId, occurredAt: at, data: { sessionId: 's-1' } });
  }

  it('publishes right after the commit and clears the outbox item', async () => {
    // prepare
    const publisher = recordingPublisher();
    const outbox = new EventOutbox(context, publisher, logger);
    const e = event('c-ok');
    await produce(e, outbox);

    // act
    await outbox.publishCommitted([e]);

    // assert
    expect(publisher.accepted).toEqual([e]);
    expect(await inOutbox(e)).toBe(false);
  });

  it('keeps an event whose publish failed, and the relay publishes it once it is a minute old', async () => {
    // prepare
    const e = event('c-relay', '2026-12-01T20:00:00.000Z');
    const failing = recordingPublisher(new Set([e.id]));
    const outbox = new EventOutbox(context, failing, logger);
    await produce(e, outbox);
    await outbox.publishCommitted([e]);
    const relayPublisher = recordingPublisher();

    // act
    const tooEarly = await relayOutbox({ table: context, publisher: relayPublisher, logger }, new Date('2026-12-01T20:00:30.000Z'));
    const relayed = await relayOutbox({ table: context, publisher: relayPublisher, logger }, new Date('2026-12-01T20:01:30.000Z'));
    const nothingLeft = await relayOutbox({ table: context, publisher: relayPublisher, logger }, new Date('2026-12-01T20:30:00.000Z'));

    // assert
    expect(tooEarly.found).toBe(0);
    expect(relayed).toMatchObject({ republished: 1, failed: 0 });
    expect(relayPublisher.accepted.filter((x) => x.id === e.id)).toEqual([e]);
    expect(nothingLeft.found).toBe(0);
    expect(await inOutbox(e)).toBe(false);
  });

  it('keeps only the events the bus refused', async () => {
    // prepare
    const [a, b] = [event('c-part-a', '2026-12-02T10:00:00.000Z'), event('c-part-b', '2026-12-02T10:00:00.000Z')];
    const publisher = recordingPublisher(new Set([b.id]));
    const outbox = new EventOutbox(context, publisher, logger);
    await produce(a, outbox);
    await produce(b, outbox);

    // act
    await outbox.publishCommitted([a, b]);

    // assert
    expect(await inOutbox(a)).toBe(false);
    expect(await inOutbox(b)).toBe(true);
  });

  it('writes nothing, outbox item included, when the producer transaction fails', async () => {
    // prepare
    const e = event('c-rollback');
    const outbox = new EventOutbox(context, recordingPublisher(), logger);

    // act
    const failure = await context.client
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table.tableName, Item: { pk: 'THING#x', sk: 'THING' }, ConditionExpression: 'attribute_exists(pk)' } },
            outbox.putAction(e).action,
          ],
        }),
      )
      .catch((error: unknown) => error);

    // assert
    expect((failure as Error).name).toBe('TransactionCanceledException');
    expect(await inOutbox(e)).toBe(false);
  });
});
