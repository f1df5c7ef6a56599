import type { IncomingMessage } from 'node:http';
import { HttpError } from './route';

/** Default request body limit: the same order as API Gateway's and ample for GraphQL documents. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Past this many times the limit a client is abusive: stop draining and drop the socket. */
const DRAIN_FACTOR = 16;

/**
 * Reads a request body into memory, refusing more than `limitBytes` with an
 * HttpError 413. An oversized body is still drained (up to a bound) before
 * rejecting, so the client finishes sending and can read the 413 instead of
 * seeing a reset connection.
 */
export function readBody(req: IncomingMessage, limitBytes = DEFAULT_MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limitBytes;

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (received > limitBytes * DRAIN_FACTOR) req.destroy();
    });
    req.on('end', () => {
      if (tooLarge) reject(new HttpError(413, `Request body exceeds ${limitBytes} bytes`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new HttpError(400, 'Request body was not fully received'));
    });
  });
}
