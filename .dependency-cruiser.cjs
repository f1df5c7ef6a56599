/**
 * The layer and domain rules of README "Dependency direction", checked by
 * `npm test` (`npm run lint:deps`). Type-only imports count: a cycle of
 * types is still a cycle in the design.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** Files that build repositories for one request or one run and hand them to services (the composition roots). */
const COMPOSITION_ROOTS = '^functions/(graphql/request-scope|reminders/sweep-scope|webhooks/create-handlers)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: { path: '^(functions|infra|local)/' },
      to: { circular: true },
    },
    {
      name: 'no-foreign-repository-internals',
      comment:
        "A domain uses another domain's repository only through its class, as a type handed in by a composition root; keys, items and converters stay inside their domain.",
      severity: 'error',
      from: { path: '^functions/([^/]+)/', pathNot: COMPOSITION_ROOTS },
      to: { path: '^functions/([^/]+)/[^/]+\\.repository\\.ts$', pathNot: '^functions/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'resolvers-import-services-and-generated-types',
      comment:
        'Resolvers are thin: generated types, services (as types), and the GraphQL edge helpers (global ids, connections, errors). No repository, rule or data module.',
      severity: 'error',
      from: { path: '\\.resolvers\\.ts$' },
      to: {
        pathNot: [
          '\\.service\\.ts$',
          '\\.resolvers\\.ts$',
          '^functions/graphql/generated/',
          '^functions/graphql/node-registry\\.ts$',
          '^functions/shared/ids/global-id\\.ts$',
          '^functions/shared/pagination/connection\\.ts$',
          '^functions/shared/errors/',
          '^node_modules/',
        ],
      },
    },
    {
      name: 'local-stays-local',
      comment: 'local/ is the local run only; the Lambda code and the stack never import it.',
      severity: 'error',
      from: { path: '^(functions|infra)/' },
      to: { path: '^local/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^functions/graphql/generated/type-defs' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
