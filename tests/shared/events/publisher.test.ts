import type { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../../../functions/shared/events/domain-event';
import { EventBridgePublisher, PublishError } from '../../../functions/shared/events/publisher';

function events(n: number, type = DETAIL_TYPES.sessionCompleted): DomainEvent[] {
  return Array.from({ length: n }, (_, i) =>
    newDomainEvent({ type, coupleId: `c-${i}`, occurredAt: '2026-12-01T19:40:00Z', data: { sessionId: `s-${i}` } }),
  );
}

describe('EventBridgePublisher', () => {
  /** A client that records PutEvents inputs and answers with `answer`. */
  function fakeClient(
    answer: (entries: number, call: number) => { Entries: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[] } | Error,
  ) {
    const calls: PutEventsCommand['input'][] = [];
    return {
      calls,
      send: async (command: PutEventsCommand) => {
        calls.push(command.input);
        const result = answer(command.input.Entries?.length ?? 0, calls.length);
        if (result instanceof Error) throw result;
        return { FailedEntryCount: result.Entries.filter((e) => e.ErrorCode).length, ...result };
      },
    };
  }

  it('puts each event on the bus with source reconnect.api, its detail type and the whole event as detail, 10 per request', async () => {
    // prepare
    const client = fakeClient((n) => ({ Entries: Array.from({ length: n }, (_, i) => ({ EventId: `e${i}` })) }));
    const sent = events(12);

    // act
    await new EventBridgePublisher(client as never, 'reconnect-events').publish(sent);

    // assert
    expect(client.calls.map((c) => c.Entries?.length)).toEqual([10, 2]);
    expect(client.calls[0]?.Entries?.[0]).toEqual({
      EventBusName: 'reconnect-events',
      Source: 'reconnect.api',
      DetailType: 'Reconnect.SessionCompleted',
      Detail: JSON.stringify(sent[0]),
      Time: new Date('2026-12-01T19:40:00Z'),
    });
  });

  it('names exactly the events the bus did not accept', async () => {
    // prepare: entry 1 of the first request fails, the whole second request fails
    const client = fakeClient((n, call) =>
      call === 1
        ? {
            Entries: Array.from({ length: n }, (_, i) =>
              i === 1 ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' } : { EventId: 'ok' },
            ),
          }
        : new Error('socket hang up'),
    );
    const sent = events(11);

    // act
    const error = await new EventBridgePublisher(client as never, 'bus').publish(sent).catch((e: unknown) => e);

    // assert
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).failedEventIds).toEqual([sent[1]?.id, sent[10]?.id]);
  });
});
