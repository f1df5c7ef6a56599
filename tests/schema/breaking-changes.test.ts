import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, findBreakingChanges, lexicographicSortSchema, printSchema } from 'graphql';
import { typeDefs } from '../../functions/graphql/generated/type-defs';

/*
 * The baseline moves only through `npm run schema:snapshot`, which refuses a
 * breaking change unless given --accept-breaking (scripts/schema-snapshot.ts,
 * tested in tests/scripts): re-recording the snapshot cannot quietly turn a
 * breaking change into a passing first test.
 */
const PUBLISHED = join(__dirname, 'published-schema.graphql');

describe('schema evolution', () => {
  const published = buildSchema(readFileSync(PUBLISHED, 'utf8'));
  const current = buildSchema(typeDefs);

  it('breaks nothing that clients of the published schema rely on', () => {
    // act
    const breaking = findBreakingChanges(published, current);

    // assert
    expect(breaking.map((change) => `${change.type}: ${change.description}`)).toEqual([]);
  });

  it('has its additions recorded in the published snapshot (npm run schema:snapshot)', () => {
    // act
    const printed = `${printSchema(lexicographicSortSchema(current))}\n`;

    // assert
    expect(printed).toBe(readFileSync(PUBLISHED, 'utf8'));
  });
});
