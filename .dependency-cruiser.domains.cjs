/**
 * No cycle between folders under functions/ (domains, reconnect rules,
 * shared pieces): README "Dependency direction". The GraphQL wiring is left
 * out: resolvers live in their domain's folder but belong to the API edge,
 * and the generated resolver types name every domain's models, so
 * domain → graphql → domain is how typed resolvers work, not a domain cycle.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      severity: 'error',
      scope: 'folder',
      from: { path: '^functions/' },
      to: { circular: true },
    },
  ],
  options: { ...base.options, exclude: { path: ['^functions/graphql/', '\\.resolvers\\.ts$'] } },
};
