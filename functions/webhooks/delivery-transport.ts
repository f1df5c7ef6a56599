import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isForbiddenAddress, isLoopbackAddress } from './url-safety';

/** Resolves a host name to every address it has (A and AAAA). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver, as Node's sockets use it. */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

export interface TransportOptions {
  /** The whole attempt (DNS, connect, TLS, request, response status) must finish within this. */
  timeoutMs: number;
  /**
   * The local run: loopback addresses are allowed (and plain http, to loopback
   * only), so a developer can receive deliveries on their machine. Every other
   * internal address stays forbidden even then.
   */
  allowLoopback: boolean;
  /** Replaces DNS (tests point a name at a private address without any DNS). */
  resolve?: Resolver;
}

export interface AttemptRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one attempt got: the response status, or why there was none. */
export interface AttemptResult {
  status: number | null;
  /** timeout | forbidden-address | insecure-url | dns-failure | connection-error:<code> */
  error: string | null;
}

/** Makes one POST attempt; never throws, never follows a redirect. */
export type DeliveryTransport = (request: AttemptRequest) => Promise<AttemptResult>;

/** A refused connect: the host resolved to (or is) an address webhooks must not reach. */
export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDRESS';
  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to ${address}, an address webhooks may not reach`);
    this.name = 'ForbiddenAddressError';
  }
}

/** Whether the socket may connect to `address` under the options. */
function addressAllowed(address: string, allowLoopback: boolean, loopbackOnly: boolean): boolean {
  if (allowLoopback && isLoopbackAddress(address)) return true;
  return !loopbackOnly && !isForbiddenAddress(address);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:net that resolves the name and refuses, before the
 * socket connects, if ANY of its addresses is forbidden. It runs for every
 * connection the request makes, after DNS, so the address checked is the
 * address connected to: a name that resolved to a public address at creation
 * and to 10.0.0.5 now (DNS rebinding) is refused now. Refusing when any
 * address is bad (rather than skipping it) keeps a mixed answer from being
 * used to probe the inside.
 */
export function guardedLookup(resolve: Resolver, allowLoopback: boolean, loopbackOnly = false) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        const bad = usable.find((a) => !addressAllowed(a.address, allowLoopback, loopbackOnly));
        if (bad) return callback(new ForbiddenAddressError(hostname, bad.address), options.all ? [] : '');
        if (usable.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} has no address`);
          error.code = 'ENOTFOUND';
          return callback(error, options.all ? [] : '');
        }
        const first = usable[0] as LookupAddress;
        return options.all ? callback(null, usable) : callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ''),
    );
  };
}

/**
 * The HTTP side of webhook delivery: a POST with the given headers, judged by
 * its status line alone. Redirects are never followed (a 3xx is a failed
 * attempt: following one would let a receiver bounce us to an internal
 * address). No keep-alive agent: every attempt opens a fresh connection, so
 * every attempt goes through the address check again.
 */
export function createDeliveryTransport(options: TransportOptions): DeliveryTransport {
  const resolve = options.resolve ?? systemResolver;
  return (request) =>
    new Promise<AttemptResult>((settle) => {
      let settled = false;
      const finish = (result: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settle(result);
      };
      const timer = setTimeout(() => {
        finish({ status: null, error: 'timeout' });
        req?.destroy();
      }, options.timeoutMs);

      const url = new URL(request.url);
      const plainHttp = url.protocol === 'http:';
      if ((plainHttp && !options.allowLoopback) || (!plainHttp && url.protocol !== 'https:')) {
        return finish({ status: null, error: 'insecure-url' });
      }
      // Node does not call `lookup` for IP literals, so they are checked here.
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(literal) && !addressAllowed(literal, options.allowLoopback, plainHttp)) {
        return finish({ status: null, error: 'forbidden-address' });
      }

      const transport = plainHttp ? http : https;
      const req: http.ClientRequest | undefined = transport.request(
        url,
        {
          method: 'POST',
          agent: false,
          // Plain http is the local run's loopback exception: loopback addresses only.
          lookup: guardedLookup(resolve, options.allowLoopback, plainHttp) as never,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(request.body)),
            'user-agent': 'Reconnect-Webhooks/1.0',
            ...request.headers,
          },
        },
        (res) => {
          finish({ status: res.statusCode ?? null, error: null });
          // Only the status matters; do not wait for (or buffer) a body.
          res.destroy();
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof ForbiddenAddressError) return finish({ status: null, error: 'forbidden-address' });
        if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return finish({ status: null, error: 'dns-failure' });
        return finish({ status: null, error: `connection-error:${error.code ?? 'unknown'}` });
      });
      req.end(request.body);
    });
}
