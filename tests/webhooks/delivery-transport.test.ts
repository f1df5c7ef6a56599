import type { LookupAddress } from 'node:dns';
import { createDeliveryTransport, ForbiddenAddressError, guardedLookup, type Resolver } from '../../functions/webhooks/delivery-transport';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

/**
 * The connect-time SSRF check and the HTTP rules of an attempt. Every
 * connection these tests allow goes to 127.0.0.1; a test that points a name
 * at a private address checks the lookup itself, which refuses before any
 * socket exists, so no packet ever leaves for a non-loopback address.
 */
describe('delivery transport', () => {
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
    const started = await startReceiver(...args);
    receivers.push(started);
    return started;
  }

  /** A resolver answering `addresses` for any name, counting its calls. */
  function fakeDns(...addresses: string[]): Resolver & { calls: string[] } {
    const calls: string[] = [];
    const resolve = async (hostname: string): Promise<LookupAddress[]> => {
      calls.push(hostname);
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return Object.assign(resolve, { calls });
  }

  function lookupOnce(lookup: ReturnType<typeof guardedLookup>, hostname: string, all: boolean) {
    return new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      lookup(hostname, { all }, (error, address) => resolve({ error, address })),
    );
  }

  describe('guardedLookup', () => {
    it.each([
      ['10.0.0.5', 'private'],
      ['169.254.169.254', 'metadata'],
      ['127.0.0.1', 'loopback'],
      ['::1', 'IPv6 loopback'],
      ['fd12::1', 'unique-local'],
      ['::ffff:192.168.1.1', 'IPv4-mapped private'],
    ])('refuses a name that resolves to %s (%s), in both lookup forms', async (address) => {
      // prepare
      const lookup = guardedLookup(fakeDns(address), false);

      // act
      const single = await lookupOnce(lookup, 'hooks.example.com', false);
      const all = await lookupOnce(lookup, 'hooks.example.com', true);

      // assert
      expect(single.error).toBeInstanceOf(ForbiddenAddressError);
      expect(all.error).toBeInstanceOf(ForbiddenAddressError);
    });

    it('refuses when any one of several addresses is forbidden', async () => {
      // act
      const result = await lookupOnce(guardedLookup(fakeDns('93.184.215.14', '10.0.0.5'), false), 'hooks.example.com', true);

      // assert
      expect(result.error).toBeInstanceOf(ForbiddenAddressError);
    });

    it('passes public addresses through, and loopback only when the local run allows it', async () => {
      // act
      const publicAll = await lookupOnce(guardedLookup(fakeDns('93.184.215.14', '2606:4700::1'), false), 'hooks.example.com', true);
      const loopbackLocal = await lookupOnce(guardedLookup(fakeDns('127.0.0.1'), true), 'localhost', false);
      const privateLocal = await lookupOnce(guardedLookup(fakeDns('192.168.1.20'), true), 'nas.example.com', false);

      // assert
      expect(publicAll.error).toBeNull();
      expect(publicAll.address).toEqual([
        { address: '93.184.215.14', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ]);
      expect(loopbackLocal).toEqual({ error: null, address: '127.0.0.1' });
      expect(privateLocal.error).toBeInstanceOf(ForbiddenAddressError);
    });
  });

  describe('attempts', () => {
    const request = (url: string) => ({ url, headers: { 'webhook-id': 'msg_1' }, body: '{"type":"SESSION_COMPLETED"}' });

    it('refuses at connect time when a name resolves to a forbidden address: no connection is made', async () => {
      // prepare
      const hook = await receiver(() => 204);
      const dns = fakeDns('127.0.0.1');
      const transport = createDeliveryTransport({ timeoutMs: 2000, allowLoopback: false, resolve: dns });

      // act
      const result = await transport(request(`https://hooks.example.com:${new URL(hook.baseUrl).port}/hook`));

      // assert
      expect(result).toMatchObject({ status: null, error: 'forbidden-address' });
      expect(dns.calls).toEqual(['hooks.example.com']);
      expect(hook.connections).toBe(0);
    });

    it('resolves and checks anew on every attempt (no cached address, no pooled connection), so DNS rebinding cannot skip the check', async () => {
      // prepare: loopback stands for "inside" (the only address these tests may connect to);
      // the local run allows it, the cloud refuses it
      const hook = await receiver(() => 204);
      const dns = fakeDns('127.0.0.1');
      const url = `http://localhost:${new URL(hook.baseUrl).port}/hook`;
      const local = createDeliveryTransport({ timeoutMs: 2000, allowLoopback: true, resolve: dns });
      const cloud = createDeliveryTransport({ timeoutMs: 2000, allowLoopback: false, resolve: dns });

      // act
      const first = await local(request(url));
      const second = await local(request(url));
      const refused = await cloud(request(url.replace('http:', 'https:')));

      // assert
      expect([first.status, second.status, refused.error]).toEqual([204, 204, 'forbidden-address']);
      expect(dns.calls).toHaveLength(3);
      expect(hook.connections).toBe(2);
    });

    it('refuses forbidden IP literals and plain http in the cloud without connecting', async () => {
      // prepare
      const hook = await receiver(() => 204);
      const port = new URL(hook.baseUrl).port;
      const transport = createDeliveryTransport({ timeoutMs: 2000, allowLoopback: false });

      // act
      const literal = await transport(request(`https://127.0.0.1:${port}/hook`));
      const v6 = await transport(request(`https://[::1]:${port}/hook`));
      const mapped = await transport(request(`https://[::ffff:127.0.0.1]:${port}/hook`));
      const plain = await transport(request(`http://127.0.0.1:${port}/hook`));

      // assert
      expect([literal.error, v6.error, mapped.error, plain.error]).toEqual([
        'forbidden-address',
        'forbidden-address',
        'forbidden-address',
        'insecure-url',
      ]);
      expect(hook.connections).toBe(0);
    });

    it('lets plain http reach loopback only, even in the local run', async () => {
      // prepare
      const hook = await receiver(() => 204);
      const transport = createDeliveryTransport({ timeoutMs: 2000, allowLoopback: true, resolve: fakeDns('127.0.0.1', '10.0.0.5') });

      // act
      const result = await transport(request(`http://dev.example.com:${new URL(hook.baseUrl).port}/hook`));

      // assert
      expect(result).toMatchObject({ status: null, error: 'forbidden-address' });
      expect(hook.connections).toBe(0);
    });

    it('does not follow a redirect: the 302 is the attempt', async () => {
      // prepare
      const hook = await receiver((req) => (req.path === '/hook' ? { status: 302, headers: { location: '/elsewhere' } } : 204));
      const transport = createDeliveryTransport({ timeoutMs: 2000, allowLoopback: true });

      // act
      const result = await transport(request(hook.url));

      // assert
      expect(result).toMatchObject({ status: 302, error: null });
      expect(hook.requests.map((r) => r.path)).toEqual(['/hook']);
    });

    it('gives up on a receiver that does not answer within the timeout', async () => {
      // prepare
      const hook = await receiver(() => 'hang');
      const transport = createDeliveryTransport({ timeoutMs: 200, allowLoopback: true });

      // act
      const result = await transport(request(hook.url));

      // assert: the request reached the receiver, which never answered (without the timeout this would hang)
      expect(result).toMatchObject({ status: null, error: 'timeout' });
      expect(hook.requests.map((r) => r.path)).toEqual(['/hook']);
    });

    it('posts the body and headers as given', async () => {
      // prepare
      const hook = await receiver(() => 200);
      const transport = createDeliveryTransport({ timeoutMs: 2000, allowLoopback: true });

      // act
      const result = await transport(request(hook.url));

      // assert
      expect(result).toMatchObject({ status: 200, error: null });
      expect(hook.requests[0]).toMatchObject({ method: 'POST', path: '/hook', body: '{"type":"SESSION_COMPLETED"}' });
      expect(hook.requests[0]?.headers).toMatchObject({ 'webhook-id': 'msg_1', 'content-type': 'application/json' });
    });
  });
});
