import type http from 'node:http';
import { createClockRoute, createDemoClock } from '../../local/dashboard/demo-clock';
import type { LambdaHttpHandler } from '../../local/http/api-gateway-adapter';
import { createLocalServer, listen } from '../../local/server';
import { httpRequest } from '../support/http-request';
import { testIssuer } from '../support/tokens';

describe('local demo clock', () => {
  it('runs on from the instant it was set, and returns to the system time on null', () => {
    // prepare
    let system = Date.parse('2026-12-02T12:00:00.000Z');
    const clock = createDemoClock(() => system);

    // act
    clock.set(new Date('2026-09-01T18:00:00.000Z'));
    system += 90_000;
    const moved = clock.now().toISOString();
    const shifted = clock.shifted;
    clock.set(null);

    // assert
    expect(moved).toBe('2026-09-01T18:01:30.000Z');
    expect(shifted).toBe(true);
    expect(clock.now().toISOString()).toBe('2026-12-02T12:01:30.000Z');
    expect(clock.shifted).toBe(false);
  });

  describe('POST /local/clock', () => {
    let server: http.Server;
    let base: string;
    const clock = createDemoClock();
    const unusedHandler: LambdaHttpHandler = async () => ({ statusCode: 500, body: 'not used' });

    beforeAll(async () => {
      server = createLocalServer({
        handler: unusedHandler,
        issuer: await testIssuer(),
        routes: { 'POST /local/clock': createClockRoute(clock) },
      });
      base = await listen(server, 0);
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    const post = (body: unknown) =>
      httpRequest(`${base}/local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    it('moves the clock, reads it, and resets it', async () => {
      // act
      const moved = await post({ now: '2026-09-01T18:00:00Z' });
      const read = await post({});
      const beforeReset = Date.now();
      const reset = await post({ now: null });
      const afterReset = Date.now();

      // assert
      expect(moved.status).toBe(200);
      expect((moved.json as { now: string }).now.slice(0, 16)).toBe('2026-09-01T18:00');
      expect(read.json).toMatchObject({ shifted: true });
      expect(reset.json).toMatchObject({ shifted: false });
      // Back on the real clock: read during the reset request (a bracket, not a tolerance).
      const resetNow = Date.parse((reset.json as { now: string }).now);
      expect(resetNow).toBeGreaterThanOrEqual(beforeReset);
      expect(resetNow).toBeLessThanOrEqual(afterReset);
    });

    it.each([['2026-02-30T10:00:00Z'], ['yesterday'], [42]])('refuses %p with 400 naming the field', async (now) => {
      // act
      const response = await post({ now });

      // assert
      expect(response.status).toBe(400);
      expect((response.json as { error: string }).error).toMatch(/"now" must be an RFC 3339 instant/);
    });
  });
});
