import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
  type IntrospectionQuery,
} from 'graphql';
import { createTestApi, type TestApi } from '../support/test-api';

/**
 * schema.graphql at the root is the SDL clients and tools read (README,
 * "Schema and examples"). `npm run codegen` writes it from schema/*.graphql
 * and the codegen check fails while it is stale; this test checks that the
 * running API describes itself exactly as the file does: every type, field,
 * argument, default and description.
 */
describe('published SDL', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi('published-sdl');
  });
  afterAll(async () => {
    await api.drop();
  });

  it('matches what the live API answers to introspection, descriptions included', async () => {
    // prepare
    const file = readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8');

    // act
    const response = await api.as('sdl-reader', getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));

    // assert
    expect(response.errors).toBeUndefined();
    const live = printSchema(lexicographicSortSchema(buildClientSchema(response.data as IntrospectionQuery)));
    const published = printSchema(lexicographicSortSchema(buildSchema(file)));
    expect(published).toBe(live);
    expect(published).toContain('"""\nDeliveries follow the Standard Webhooks format');
  });
});
