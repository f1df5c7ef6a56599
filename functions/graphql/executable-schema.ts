import {
  buildASTSchema,
  GraphQLScalarType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';

/** A resolver map as graphql-codegen types it: type name → field resolvers, `__resolveType`, or a scalar. */
export type ResolverMap = Record<string, unknown>;

/**
 * Builds the executable schema from the prebuilt document
 * (generated/schema-document.ts) and the resolver map, in one pass.
 *
 * Why not Apollo's `typeDefs` (graphql-tools' makeExecutableSchema): that
 * parses the SDL, builds every type, then rebuilds every type again to attach
 * resolvers (mapSchema), and Apollo validates the result at start. All of it
 * runs on every cold start and was the largest piece of it that the project
 * adds over the plain stack. Here the document is already parsed, types are
 * built once and resolvers are set on the fields that were built.
 * `assumeValid` skips graphql-js's schema validation at run time: the schema
 * is fixed at build time and tests/graphql/executable-schema.test.ts
 * validates it, so a broken schema cannot ship.
 *
 * Refuses resolvers for types or fields the schema does not have (as
 * makeExecutableSchema does), so a renamed field cannot leave a resolver
 * silently unused.
 */
export function buildExecutableSchema(document: DocumentNode, resolvers: ResolverMap): GraphQLSchema {
  const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
  for (const [typeName, definition] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!type) throw new Error(`Resolvers given for "${typeName}", which the schema does not define`);
    if (isScalarType(type)) {
      if (!(definition instanceof GraphQLScalarType)) throw new Error(`Scalar "${typeName}" needs a GraphQLScalarType`);
      // The built type keeps its SDL description; its behaviour comes from the implementation.
      type.serialize = definition.serialize;
      type.parseValue = definition.parseValue;
      type.parseLiteral = definition.parseLiteral;
      continue;
    }
    for (const [name, value] of Object.entries(definition as Record<string, unknown>)) {
      if (name === '__resolveType' && (isInterfaceType(type) || isUnionType(type))) {
        type.resolveType = value as typeof type.resolveType;
      } else if (name === '__isTypeOf' && isObjectType(type)) {
        type.isTypeOf = value as typeof type.isTypeOf;
      } else if (isObjectType(type) || isInterfaceType(type)) {
        const field = type.getFields()[name];
        if (!field) throw new Error(`Resolver given for "${typeName}.${name}", which the schema does not define`);
        if (typeof value !== 'function') throw new Error(`Resolver "${typeName}.${name}" must be a function`);
        field.resolve = value as GraphQLFieldResolver<unknown, unknown>;
      } else {
        throw new Error(`Resolvers for "${typeName}" (${type.constructor.name}) are not supported`);
      }
    }
  }
  return schema;
}
