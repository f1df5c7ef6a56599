import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenRoute } from './auth/token-route';
import type { LocalIssuer } from './auth/local-issuer';
import { createApiGatewayRoute, type LambdaHttpHandler } from './http/api-gateway-adapter';
import { applyCors, DEFAULT_LOCAL_CORS_ORIGINS } from './http/cors';
import { sendJson } from './http/json';
import type { LocalRoute } from './http/route';

/** What the local server serves. */
export interface LocalServerOptions {
  /** The GraphQL Lambda handler (`handler` from functions/graphql/handler, or a fake in tests). */
  handler: LambdaHttpHandler;
  /** Signs the tokens handed out by `POST /local/token`. */
  issuer: LocalIssuer;
  /**
   * Extra routes keyed `"<METHOD> <path>"`, added to (and able to replace)
   * the defaults, e.g. `{ 'POST /local/reminders/sweep': jsonRoute(...) }`.
   */
  routes?: Record<string, LocalRoute>;
  /** Request body limit for `/graphql` (default 1 MB). */
  maxBodyBytes?: number;
  /** Browser origins allowed by CORS (default DEFAULT_LOCAL_CORS_ORIGINS). */
  corsOrigins?: readonly string[];
}

/**
 * Builds (without listening) the local HTTP server: `POST /graphql` through
 * the API Gateway adapter to the Lambda handler, `POST /local/token` to the
 * local issuer, any `routes` given, and 404 JSON for everything else. Kept
 * free of process wiring (env, signals, DynamoDB) so tests can run it on
 * port 0.
 */
export function createLocalServer(options: LocalServerOptions): http.Server {
  const routes: Record<string, LocalRoute> = {
    'POST /graphql': createApiGatewayRoute(options.handler, {
      routeKey: 'POST /graphql',
      maxBodyBytes: options.maxBodyBytes,
    }),
    'POST /local/token': createTokenRoute(options.issuer),
    ...options.routes,
  };

  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    // Browser dashboards: answer preflights for allowed origins, as the HTTP API does in the cloud.
    if (applyCors(req, res, options.corsOrigins ?? DEFAULT_LOCAL_CORS_ORIGINS, (method) => `${method} ${pathname}` in routes)) return;
    const key = `${(req.method ?? 'GET').toUpperCase()} ${pathname}`;
    const route = routes[key];
    if (!route) {
      req.resume();
      sendJson(res, 404, { error: `Not found: ${key}`, routes: Object.keys(routes) });
      return;
    }
    route(req, res).catch((error: unknown) => {
      console.error(`[local] ${key} failed:`, error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error in the local server (see its console)' });
      else res.destroy();
    });
  });
  // Node closes an idle keep-alive connection after 5 s, and a client (fetch
  // keeps connections for about 4 s) that sends on it as it closes gets
  // "other side closed". On a loaded machine timers run late on both sides and
  // the examples test met exactly that. Behind API Gateway in the cloud the
  // question does not arise; here idle connections are kept a minute, longer
  // than any client keeps them, so the server is never the one to close first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/**
 * Starts `server` listening and resolves with its base URL
 * (`http://127.0.0.1:<port>`); port 0 picks a free port.
 */
export function listen(server: http.Server, port = 0, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: actual } = server.address() as AddressInfo;
      resolve(`http://${host}:${actual}`);
    });
  });
}
