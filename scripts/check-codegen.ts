/**
 * Fails (exit 1) when the committed files that graphql-codegen generates from
 * schema/*.graphql are stale: a schema change without `npm run codegen` would
 * otherwise ship resolver types that do not match the schema.
 */
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

async function main(): Promise<void> {
  const { config } = await loadCodegenConfig({ configFilePath: resolve('codegen.yml') });
  const outputs = await generate({ ...config, cwd: process.cwd(), silent: true }, false);
  const stale = outputs.filter((output: { filename: string; content: string }) => {
    const path = resolve(output.filename);
    return !existsSync(path) || readFileSync(path, 'utf8') !== output.content;
  });
  if (stale.length > 0) {
    console.error(
      `Generated files are stale: ${stale.map((o: { filename: string }) => o.filename).join(', ')}. Run \`npm run codegen\` and commit.`,
    );
    process.exit(1);
  }
  console.log(`codegen: ${outputs.length} generated files up to date`);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
