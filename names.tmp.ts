import { build } from 'esbuild';
import { resolve } from 'node:path';
import { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS } from './infra/bundling';
(async () => {
  const names = new Set<string>();
  const entries = [...Object.values(LAMBDA_ENTRIES), 'bench/peer/plain.ts', 'bench/peer/with-jwt.ts'];
  for (const entry of entries) {
    const opts = { ...LAMBDA_ESBUILD_OPTIONS, alias: { ...LAMBDA_ESBUILD_OPTIONS.alias } } as any;
    if (entry.startsWith('bench')) delete opts.alias['@graphql-tools/schema'];
    try { await build({ ...opts, entryPoints: { index: resolve(entry) }, write: false, outdir: '/tmp/perf/nm', logLevel: 'silent' }); }
    catch (e: any) { for (const err of e.errors) { const m = /No matching export in "[^"]*graphql\.js" for import "([^"]+)"/.exec(err.text); if (m) names.add(m[1]); else console.error(err.text); } }
  }
  console.log([...names].sort().join(', '));
})();
