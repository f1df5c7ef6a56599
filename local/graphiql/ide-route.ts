import fs from 'node:fs';
import path from 'node:path';
import { ALL_SCOPES } from '../../functions/shared/auth/scopes';
import type { LocalIssuer } from '../auth/local-issuer';
import type { LocalRoute } from '../http/route';
import { GRAPHIQL_ASSETS, type GraphiqlAsset, type GraphiqlBundle } from './build-bundle';
import { renderIdePage } from './ide-page';

/** Where the bundle's files are served (local-only prefix). */
export const GRAPHIQL_ASSET_BASE = '/local/graphiql';

/** Who the page's first token is for. */
const IDE_PERSON = { sub: 'graphiql-developer', name: 'GraphiQL Developer' };

const DEFAULT_QUERY = `# Reconnect API, local run. The headers below hold a token with every scope;
# the bar above gets one for another person or scope set.
{
  me {
    scopes
    person { id displayName }
    couple { id status }
  }
}
`;

/**
 * `GET /graphql` and GraphiQL's files. A browser (Accept: text/html) gets the
 * IDE with a fresh token in its headers editor; any other GET goes to `api`
 * (the GraphQL handler, whose request guard answers how to call it).
 * `bundle` resolves once the bundle is built (at most once per install, see
 * build-bundle.ts); a page asked for before that waits for it.
 */
export function createIdeRoutes(options: {
  issuer: LocalIssuer;
  bundle: () => Promise<GraphiqlBundle>;
  /** Where a GET that is not from a browser goes: the API Gateway route to the GraphQL handler. */
  api: LocalRoute;
}): Record<string, LocalRoute> {
  const page: LocalRoute = async (req, res) => {
    if (!String(req.headers.accept ?? '').includes('text/html')) {
      await options.api(req, res);
      return;
    }
    req.resume();
    await options.bundle();
    const token = await options.issuer.issueToken({ ...IDE_PERSON });
    const html = renderIdePage({
      endpoint: '/graphql',
      tokenEndpoint: '/local/token',
      assetBase: GRAPHIQL_ASSET_BASE,
      token,
      ...IDE_PERSON,
      scopes: ALL_SCOPES,
      allScopes: ALL_SCOPES,
      defaultQuery: DEFAULT_QUERY,
    });
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(html),
    });
    res.end(html);
  };

  const routes: Record<string, LocalRoute> = {
    'GET /graphql': page,
    // Browsers ask for it with every page: answered empty rather than with a 404 in the console.
    'GET /favicon.ico': async (req, res) => {
      req.resume();
      res.writeHead(204).end();
    },
  };
  for (const [file, contentType] of Object.entries(GRAPHIQL_ASSETS)) {
    routes[`GET ${GRAPHIQL_ASSET_BASE}/${file}`] = async (req, res) => {
      req.resume();
      const { dir } = await options.bundle();
      const body = await fs.promises.readFile(path.join(dir, file as GraphiqlAsset));
      // The folder name changes with every build input, but the URL does not: revalidate.
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', 'content-length': body.length });
      res.end(body);
    };
  }
  return routes;
}
