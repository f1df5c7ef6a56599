import {
  buildSchema,
  type GraphQLScalarType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  parse,
  printSchema,
  validateSchema,
} from 'graphql';
import { buildExecutableSchema } from '../../functions/graphql/executable-schema';
import { schemaDocument } from '../../functions/graphql/generated/schema-document';
import { typeDefs } from '../../functions/graphql/generated/type-defs';
import { resolvers } from '../../functions/graphql/resolvers';

describe('buildExecutableSchema (the schema the Lambda serves)', () => {
  it('is valid and is exactly the schema of the SDL, with every resolver attached', () => {
    // act
    const schema = buildExecutableSchema(schemaDocument, resolvers as Record<string, unknown>);

    // assert: the Lambda skips run-time validation (assumeValid), so this test is where it happens
    expect(validateSchema(schema)).toEqual([]);
    expect(printSchema(schema)).toBe(printSchema(buildSchema(typeDefs)));
    for (const [typeName, fields] of Object.entries(resolvers as Record<string, Record<string, unknown>>)) {
      const type = schema.getType(typeName);
      if (isScalarType(type)) {
        expect(type.parseValue).toBe((fields as unknown as GraphQLScalarType).parseValue);
      } else if (isObjectType(type)) {
        for (const [field, resolve] of Object.entries(fields)) expect(type.getFields()[field]?.resolve).toBe(resolve);
      } else if (isInterfaceType(type)) {
        expect(type.resolveType).toBe(fields.__resolveType);
      }
    }
  });

  it('applies custom scalars: a bad DateTime is refused while the value is coerced', () => {
    // prepare
    const schema = buildExecutableSchema(schemaDocument, resolvers as Record<string, unknown>);
    const dateTime = schema.getType('DateTime') as GraphQLScalarType;

    // act / assert
    expect(dateTime.parseValue('2026-11-26T20:00:00+01:00')).toBe('2026-11-26T19:00:00.000Z');
    expect(() => dateTime.parseValue('2026-02-30T19:00:00Z')).toThrow(/RFC 3339/);
  });

  it('refuses resolvers for a field or type the schema does not have, naming it', () => {
    // prepare
    const document = parse('type Query { hello: String } type Person { id: ID! }');

    // act / assert
    expect(() => buildExecutableSchema(document, { Query: { hello: () => 'hi', goodbye: () => 'bye' } })).toThrow('Query.goodbye');
    expect(() => buildExecutableSchema(document, { Robot: { id: () => '1' } })).toThrow('"Robot"');
    expect(() => buildExecutableSchema(document, { Person: { id: 'not a function' } })).toThrow('Person.id');
  });
});
