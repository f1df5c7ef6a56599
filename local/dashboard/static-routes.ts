import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import type { LocalRoute } from '../http/route';

/** The dashboard's build output (`npm ci` builds it through the root `prepare` script). */
export const DASHBOARD_DIST_DIR = path.resolve(__dirname, '..', '..', 'dashboard', 'dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Same-origin only: the page talks to /graphql and /local/token on this
 * server. Inline styles are allowed because uPlot and Preact set style
 * properties on elements; scripts come from files only.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), relative);
    return entry.isFile() ? [relative] : [];
  });
}

function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** Serves one built file, read at request time so a rebuild while the server runs is picked up. */
function fileRoute(file: string): LocalRoute {
  return async (req, res) => {
    req.resume();
    let body: Buffer;
    try {
      body = await fs.promises.readFile(file);
    } catch {
      sendText(res, 404, 'This dashboard file is gone: rebuild it with `npm run build:dashboard` and restart `npm start`.');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      // Built file names carry no hash (dashboard/vite.config.mts): always revalidate.
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    });
    res.end(body);
  };
}

/**
 * `GET /dashboard/` and every file of the dashboard build, keyed
 * `"GET /dashboard/<file>"` for the local server's route table, plus
 * `GET /dashboard` redirecting to `/dashboard/`. The files are listed once,
 * at start. Without a build, `/dashboard/` explains how to make one.
 */
export function createDashboardRoutes(distDir = DASHBOARD_DIST_DIR): Record<string, LocalRoute> {
  const routes: Record<string, LocalRoute> = {
    'GET /dashboard': async (req, res) => {
      req.resume();
      res.writeHead(308, { location: '/dashboard/' });
      res.end();
    },
  };
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    routes['GET /dashboard/'] = async (req, res) => {
      req.resume();
      sendText(res, 503, 'The counselor dashboard is not built: run `npm run build:dashboard` (npm ci does it), then restart `npm start`.');
    };
    return routes;
  }
  for (const file of listFiles(distDir)) {
    routes[`GET /dashboard/${file}`] = fileRoute(path.join(distDir, file));
  }
  routes['GET /dashboard/'] = fileRoute(path.join(distDir, 'index.html'));
  return routes;
}
