import { build } from 'esbuild';
import { resolve, join } from 'node:path';
const root = process.cwd();
(async () => {
  const { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS } = await import(join(root, 'infra/bundling.ts'));
  const entry = process.argv[3] ?? LAMBDA_ENTRIES.graphql;
  const opts = { ...LAMBDA_ESBUILD_OPTIONS, alias: { ...LAMBDA_ESBUILD_OPTIONS.alias } }; if (process.env.PEER) delete opts.alias['@graphql-tools/schema'];
  const r = await build({ ...opts, absWorkingDir: root, entryPoints: { index: resolve(root, entry) }, outdir: process.argv[2], metafile: true, logLevel: 'error', minify: !process.env.NOMIN });
  const out = Object.entries(r.metafile.outputs).find(([p]) => p.endsWith('.mjs'))!;
  console.log(process.argv[2], out[1].bytes);
})();
