import { build } from 'esbuild';
import { resolve, join } from 'node:path';
(async () => {
  const { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS } = await import(join(process.cwd(), 'infra/bundling.ts'));
  const r = await build({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: { index: resolve(process.argv[3] ?? LAMBDA_ENTRIES.graphql) }, outdir: '/tmp/perf/sz2', metafile: true, logLevel: 'error' });
  const out = Object.entries(r.metafile.outputs).find(([p]) => p.endsWith('.mjs'))![1];
  const re = new RegExp(process.argv[2]);
  const rows = Object.entries(out.inputs).filter(([k]) => re.test(k)).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
  const by = new Map<string, number>();
  for (const [k, v] of rows) { const d = k.split('/').slice(0, Number(process.env.DEPTH ?? 6)).join('/'); by.set(d, (by.get(d) ?? 0) + v.bytesInOutput); }
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(String(v).padStart(7), k);
})();
