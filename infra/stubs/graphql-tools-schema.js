// Bundle-time stand-in for @graphql-tools/schema (with @graphql-tools/merge
// and most of @graphql-tools/utils: ≈65 KB of the GraphQL Lambda). Apollo
// Server imports `makeExecutableSchema` only to build a schema from
// `typeDefs` + `resolvers`; this project hands Apollo a schema it built
// itself (functions/graphql/executable-schema.ts), so the function is never
// called. Any use fails loudly instead of silently serving another schema.
export function makeExecutableSchema() {
  throw new Error('makeExecutableSchema is not bundled (infra/stubs/graphql-tools-schema.js): pass `schema`, not `typeDefs`');
}
