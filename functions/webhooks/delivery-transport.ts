import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isForbiddenAddress, isLoopbackAddress } from './url-safety';
import { MAX_RESPONSE_EXCERPT_BYTES } from './webhook.model';

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
  /** Bytes of the response body kept as the attempt's excerpt (default MAX_RESPONSE_EXCERPT_BYTES). */
  excerptBytes?: number;
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
  /** From the start of the attempt to its status and excerpt (or its failure). */
  durationMs: number;
  /** The first bytes of the response body as text (at most `excerptBytes`); null without a body. */
  responseExcerpt: string | null;
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
  const excerptBytes = options.excerptBytes ?? MAX_RESPONSE_EXCERPT_BYTES;
  return (request) =>
    new Promise<AttemptResult>((settle) => {
      const startedAt = performance.now();
      let settled = false;
      // Set once the status line arrived; the body is then read up to excerptBytes.
      let status: number | null = null;
      const body: Buffer[] = [];
      let bodyBytes = 0;
      const finish = (result: Pick<AttemptResult, 'status' | 'error'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settle({
          ...result,
          durationMs: Math.max(0, Math.round(performance.now() - startedAt)),
          responseExcerpt: excerptOf(body, excerptBytes),
        });
      };
      const timer = setTimeout(() => {
        // A status already received counts; only the excerpt is cut short.
        finish(status === null ? { status: null, error: 'timeout' } : { status, error: null });
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
          status = res.statusCode ?? null;
          const done = () => {
            finish({ status, error: null });
            // Never buffer more than the excerpt: the rest of the body is dropped with the connection.
            res.destroy();
          };
          res.on('data', (chunk: Buffer) => {
            if (settled) return;
            body.push(chunk);
            bodyBytes += chunk.length;
            if (bodyBytes >= excerptBytes) done();
          });
          res.on('end', done);
          res.on('error', done);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (status !== null) return finish({ status, error: null });
        if (error instanceof ForbiddenAddressError) return finish({ status: null, error: 'forbidden-address' });
        if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return finish({ status: null, error: 'dns-failure' });
        return finish({ status: null, error: `connection-error:${error.code ?? 'unknown'}` });
      });
      req.end(request.body);
    });
}

/**
 * The first `maxBytes` of a body as UTF-8 text, never ending inside a
 * character (a cut multi-byte sequence is dropped, not shown as U+FFFD).
 * Null for an empty body.
 */
export function excerptOf(chunks: readonly Buffer[], maxBytes: number): string | null {
  const bytes = Buffer.concat(chunks).subarray(0, maxBytes);
  if (bytes.length === 0) return null;
  let end = bytes.length;
  // Step back over a trailing incomplete UTF-8 sequence (continuation bytes 10xxxxxx after a lead byte).
  let start = end - 1;
  while (start > 0 && end - start < 4 && (bytes[start]! & 0xc0) === 0x80) start -= 1;
  const lead = bytes[start]!;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (end - start < needed) end = start;
  return bytes.subarray(0, end).toString('utf8');
}
