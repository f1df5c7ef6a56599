/**
 * Records the current schema as the published one (tests/schema/published-schema.graphql).
 * Run after an intended schema change; the breaking-change test compares every
 * later schema against this file. A change that breaks clients of the
 * published schema is refused (exit 1, each change printed) unless
 * `--accept-breaking` is given: `npm run schema:snapshot -- --accept-breaking`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { typeDefs } from '../functions/graphql/generated/type-defs';
import { ACCEPT_BREAKING_FLAG, decideSnapshot, type SnapshotOptions, snapshotOptions } from './schema-snapshot';

const PUBLISHED = 'tests/schema/published-schema.graphql';

let options: SnapshotOptions;
try {
  options = snapshotOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const published = existsSync(PUBLISHED) ? readFileSync(PUBLISHED, 'utf8') : null;
const decision = decideSnapshot(published, typeDefs, options);
if (!decision.write) {
  console.error(`Not written: the schema breaks clients of ${PUBLISHED}:`);
  for (const change of decision.breaking) console.error(`  ${change}`);
  console.error(`Revert the change, or record it on purpose with \`npm run schema:snapshot -- ${ACCEPT_BREAKING_FLAG}\`.`);
  process.exit(1);
}
for (const change of decision.breaking) console.warn(`accepted breaking change: ${change}`);
writeFileSync(PUBLISHED, decision.printed);
console.log(`wrote ${PUBLISHED}`);
