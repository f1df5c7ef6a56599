import { build } from 'esbuild';
import { resolve, join } from 'node:path';
const root = process.cwd();
(async () => {
  const { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS } = await import(join(root, 'infra/bundling.ts'));
  const r = await build({ ...LAMBDA_ESBUILD_OPTIONS, absWorkingDir: root, entryPoints: { index: resolve(root, LAMBDA_ENTRIES.graphql) }, outdir: '/tmp/perf/sz', metafile: true, logLevel: 'error' });
  const out = Object.entries(r.metafile.outputs).find(([p]) => p.endsWith('.mjs'))![1];
  const by = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const k = m ? m[1] : input.replace(/\/[^/]+$/, '');
    by.set(k, (by.get(k) ?? 0) + bytesInOutput);
  }
  console.log('total', out.bytes);
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 20))) console.log(String(v).padStart(8), k);
})();
