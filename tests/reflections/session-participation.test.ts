import { movesLastReconnect } from '../../functions/reconnect/reconnect';
import { participationEffect } from '../../functions/reflections/session-participation';

const partners = ['ana', 'ben'];

describe('session participation through reflections', () => {
  it('adds the author once', () => {
    // act / assert
    expect(participationEffect({ status: 'IN_PROGRESS', participantIds: [], completedAt: null }, partners, 'ana')).toEqual({
      addParticipant: true,
      reconnectsAt: null,
    });
    expect(participationEffect({ status: 'IN_PROGRESS', participantIds: ['ana'], completedAt: null }, partners, 'ana').addParticipant).toBe(
      false,
    );
  });

  it('turns a COMPLETED session into a reconnect when it makes every partner a participant', () => {
    // act / assert
    expect(
      participationEffect({ status: 'COMPLETED', participantIds: ['ben'], completedAt: '2026-11-26T20:00:00.000Z' }, partners, 'ana'),
    ).toEqual({ addParticipant: true, reconnectsAt: '2026-11-26T20:00:00.000Z' });
    // an IN_PROGRESS session's completion does its own bookkeeping
    expect(
      participationEffect({ status: 'IN_PROGRESS', participantIds: ['ben'], completedAt: null }, partners, 'ana').reconnectsAt,
    ).toBeNull();
    // still one partner missing
    expect(
      participationEffect({ status: 'COMPLETED', participantIds: [], completedAt: '2026-11-26T20:00:00.000Z' }, partners, 'ana')
        .reconnectsAt,
    ).toBeNull();
  });

  it('moves lastReconnectedAt only forward', () => {
    // act / assert
    expect(movesLastReconnect({ lastReconnectedAt: null }, '2026-11-01T00:00:00.000Z')).toBe(true);
    expect(movesLastReconnect({ lastReconnectedAt: '2026-11-02T00:00:00.000Z' }, '2026-11-01T00:00:00.000Z')).toBe(false);
    expect(movesLastReconnect({ lastReconnectedAt: '2026-10-31T00:00:00.000Z' }, '2026-11-01T00:00:00.000Z')).toBe(true);
  });
});
