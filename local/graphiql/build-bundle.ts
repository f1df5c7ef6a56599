import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The files the IDE page loads, with fixed names so that the local router can list them. */
export const GRAPHIQL_ASSETS = {
  'ide.js': 'text/javascript; charset=utf-8',
  'ide.css': 'text/css; charset=utf-8',
  'codicon.ttf': 'font/ttf',
  'editor.worker.js': 'text/javascript; charset=utf-8',
  'json.worker.js': 'text/javascript; charset=utf-8',
  'graphql.worker.js': 'text/javascript; charset=utf-8',
} as const;

export type GraphiqlAsset = keyof typeof GRAPHIQL_ASSETS;

/** A built bundle: where its files are, and whether this call built it. */
export interface GraphiqlBundle {
  dir: string;
  /** Milliseconds the build took; null when an earlier build was reused. */
  builtMs: number | null;
}

const ENTRY = path.join(__dirname, 'ide.browser.js');

/** Monaco's language workers, from the packages graphiql itself depends on. */
const WORKERS: Record<string, string> = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

/**
 * Builds GraphiQL's browser bundle with esbuild from node_modules into
 * `cacheDir/<key>/`, unless that folder already exists. The key hashes what
 * the output depends on (the entry file and the installed versions of
 * graphiql, react, monaco and esbuild), so an `npm ci` that changes any of
 * them builds afresh and a restart reuses the last build in milliseconds.
 * Built into a temp folder and renamed into place: two processes building at
 * once both end with a complete bundle.
 */
export async function ensureGraphiqlBundle(cacheDir: string): Promise<GraphiqlBundle> {
  const dir = path.join(cacheDir, bundleKey());
  if (fs.existsSync(path.join(dir, 'ide.js'))) return { dir, builtMs: null };

  const started = Date.now();
  const temp = `${dir}.${process.pid}.${randomUUID()}.tmp`;
  fs.mkdirSync(temp, { recursive: true });
  try {
    // Loaded here, not at the top: the server imports this module, and esbuild is only needed for a build.
    const esbuild = await import('esbuild');
    const common = { bundle: true, minify: true, logLevel: 'silent', legalComments: 'none', target: 'es2022' } as const;
    await esbuild.build({
      ...common,
      entryPoints: { ide: ENTRY },
      outdir: temp,
      format: 'esm',
      loader: { '.ttf': 'file' },
      assetNames: '[name]',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    await esbuild.build({
      ...common,
      entryPoints: Object.fromEntries(Object.entries(WORKERS).map(([name, entry]) => [`${name}.worker`, require.resolve(entry)])),
      outdir: temp,
      format: 'iife',
    });
    const missing = Object.keys(GRAPHIQL_ASSETS).filter((file) => !fs.existsSync(path.join(temp, file)));
    if (missing.length) throw new Error(`GraphiQL build produced no ${missing.join(', ')}`);
    try {
      fs.renameSync(temp, dir);
    } catch (error) {
      // Another process finished the same build first: its output is identical.
      if (!fs.existsSync(path.join(dir, 'ide.js'))) throw error;
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return { dir, builtMs: Date.now() - started };
}

function bundleKey(): string {
  const hash = createHash('sha256').update(fs.readFileSync(ENTRY));
  for (const pkg of ['graphiql', '@graphiql/react', 'react', 'react-dom', 'monaco-editor', 'monaco-graphql', 'esbuild']) {
    hash.update(`${pkg}@${installedVersion(pkg)}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

function installedVersion(pkg: string): string {
  try {
    return (JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    // Some packages do not export package.json; walk up from their entry instead.
    let dir = path.dirname(require.resolve(pkg));
    while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  }
}
