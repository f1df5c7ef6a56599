/**
 * Records the current schema as the published one (tests/schema/published-schema.graphql).
 * Run after an intended, non-breaking schema change; the breaking-change test
 * compares every later schema against this file.
 */
import { writeFileSync } from 'node:fs';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { typeDefs } from '../functions/graphql/generated/type-defs';

writeFileSync('tests/schema/published-schema.graphql', `${printSchema(lexicographicSortSchema(buildSchema(typeDefs)))}\n`);
console.log('wrote tests/schema/published-schema.graphql');
