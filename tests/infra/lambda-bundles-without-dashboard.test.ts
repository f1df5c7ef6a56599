import path from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS } from '../../infra/bundling';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The dashboard's own code and the packages only it (or its browser tests) use. */
const DASHBOARD_ONLY = [/^dashboard\//, /node_modules\/(preact|uplot|vite|rolldown|@rolldown|playwright-core)\//];

describe('Lambda bundles', () => {
  it.each(Object.entries(LAMBDA_ENTRIES))(
    '%s holds nothing of the counselor dashboard',
    async (_name, entry) => {
      // act: the deployed bundle options, without writing files or a source map
      const result = await build({
        ...LAMBDA_ESBUILD_OPTIONS,
        absWorkingDir: REPO_ROOT,
        entryPoints: [entry],
        write: false,
        metafile: true,
        sourcemap: false,
        minify: false,
        outdir: path.join(REPO_ROOT, 'cdk.out', 'bundle-check'),
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);

      // assert: the bundle was really built from the entry, and none of its inputs is dashboard-only
      expect(inputs).toContain(entry);
      expect(inputs.filter((input) => DASHBOARD_ONLY.some((pattern) => pattern.test(input)))).toEqual([]);
    },
    120_000,
  );
});
