import type http from 'node:http';

/** Origins the local run allows by default: a dashboard served on the usual dev ports. `CORS_ORIGINS` (comma list) replaces them. */
export const DEFAULT_LOCAL_CORS_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://localhost:5173'];

/** The same preflight answer the HTTP API's corsPreflight gives in the cloud (infra/constructs/graphql-api.ts). */
const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight, idempotency-key',
  'access-control-max-age': '3600',
};

/**
 * CORS for the local run, like the cloud's: an allowed origin gets
 * `access-control-allow-origin` echoed (never `*`) and its preflight answered
 * with 204; any other origin gets no CORS header, so the browser blocks it.
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  allowedOrigins: readonly string[],
  hasRoute: (method: string) => boolean,
): boolean {
  const origin = req.headers.origin;
  const allowed = typeof origin === 'string' && allowedOrigins.includes(origin);
  res.setHeader('vary', 'origin');
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', 'retry-after, idempotent-replayed');
  }
  if ((req.method ?? '').toUpperCase() !== 'OPTIONS') return false;
  req.resume();
  const requested = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
  if (allowed && requested && hasRoute(requested)) {
    res.writeHead(204, PREFLIGHT_HEADERS).end();
  } else {
    res
      .writeHead(403, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'CORS preflight refused: origin or method not allowed' }));
  }
  return true;
}
