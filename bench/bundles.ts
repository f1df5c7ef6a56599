/**
 * Size of every Lambda bundle, built exactly as the stack builds it
 * (infra/bundling.ts), from esbuild's metafile: total minified bytes and the
 * share of the largest packages. No DynamoDB, no timing: a quick check that a
 * change did not drag a library into an entry that does not need it (the
 * GraphQL Lambda only seals webhook secrets; only the webhook Lambdas open them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS } from '../infra/bundling';

/** node_modules/<package> (or @scope/package) of a metafile input path; the project's own code otherwise. */
function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? (match[1] as string) : '(project code)';
}

function largestPackages(output: Metafile['outputs'][string], count: number): string {
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)}`)
    .join(', ');
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'reconnect-bundles-'));
  try {
    console.log('Lambda bundles (esbuild, as deployed; KiB)');
    for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
      const result = await build({
        ...LAMBDA_ESBUILD_OPTIONS,
        entryPoints: { index: resolve(entry) },
        outdir: join(work, name),
        metafile: true,
        logLevel: 'error',
      });
      const [, output] = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.mjs')) ?? [];
      if (!output) throw new Error(`No bundle for ${name}`);
      console.log(`  ${name.padEnd(16)} ${(output.bytes / 1024).toFixed(0).padStart(5)} KiB   largest: ${largestPackages(output, 5)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
