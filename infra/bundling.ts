/**
 * How every Lambda of this project is bundled, as plain esbuild options.
 *
 * Two consumers read this file: the CDK stack (which turns it into
 * NodejsFunction bundling props, see `constructs/graphql-api.ts`) and the
 * cold-start benchmark (which passes it to `esbuild.build` directly). Keeping
 * one object means the benchmark measures the very bundle that is deployed.
 * The file therefore imports nothing at runtime: loading it must not pull in
 * aws-cdk-lib.
 */
import type { BuildOptions } from 'esbuild';

/** Lambda runtime major version; the esbuild target and the CDK runtime must agree. */
export const LAMBDA_NODE_VERSION = 22;

/** Handler files, relative to the repository root. */
export const LAMBDA_ENTRIES = {
  graphql: 'functions/graphql/handler.ts',
  webhookDispatch: 'functions/webhooks/dispatch-handler.ts',
  webhookRetry: 'functions/webhooks/retry-handler.ts',
  reminderSweep: 'functions/reminders/sweep-handler.ts',
  erasureSweep: 'functions/privacy/erasure-sweep-handler.ts',
} as const;

/**
 * ESM output has no `require`, yet a few dependencies are CommonJS and call it
 * (directly or through esbuild's `__require` shim). This banner gives the
 * bundle a real one.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * esbuild options shared by every Lambda. Measured here (TOOLCHAIN.md): ESM
 * with `module,main` main fields starts in ~190 ms against ~320 ms for the
 * CommonJS default, and the module fields also shrink the bundle by ~20%.
 *
 * `external` holds no package on purpose: the AWS SDK is bundled rather than
 * taken from the runtime (`bundleAwsSDK: true` on the CDK side), which pins
 * its version and loads faster than the runtime's copy. It lists only
 * {@link UNREACHABLE_APOLLO_PLUGINS}.
 */
/**
 * Apollo Server's built-in plugins that it loads with a dynamic `import()`
 * only when the server did not install the plugin's `...Disabled()` twin
 * (usage and schema reporting: only with an Apollo Studio key, too). The
 * GraphQL server installs all five twins (functions/graphql/server.ts), so
 * these imports never run, yet esbuild bundled the five modules (41 KB:
 * the landing page's HTML, the usage-reporting plugin). Left external, the
 * bundle keeps an `import()` of a file the asset does not contain, on a path
 * no request reaches; tests/infra/graphql-bundle.test.ts starts the bundle
 * with an Apollo key and schema reporting switched on to show it. Paths are
 * relative to the repository root, where the stack and the benchmark run
 * esbuild (aliases cannot name a relative import).
 */
export const UNREACHABLE_APOLLO_PLUGINS = ['usageReporting', 'schemaReporting', 'cacheControl', 'inlineTrace', 'landingPage/default'].map(
  (plugin) => `./node_modules/@apollo/server/dist/esm/plugin/${plugin}/index.js`,
);

export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: `node${LAMBDA_NODE_VERSION}`,
  minify: true,
  sourcemap: true,
  sourcesContent: true,
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  external: UNREACHABLE_APOLLO_PLUGINS,
  /** See infra/stubs/apollo-usage-reporting-protobuf.js: usage reporting is never enabled here. */
  alias: {
    '@apollo/usage-reporting-protobuf': './infra/stubs/apollo-usage-reporting-protobuf.js',
    '@apollo/server': './node_modules/@apollo/server/dist/esm',
    graphql: './infra/stubs/graphql.js',
    '@apollo/utils.createhash': './infra/stubs/apollo-createhash.js',
    '@apollo/utils.usagereporting': './infra/stubs/apollo-usage-reporting.js',
    '@graphql-tools/schema': './infra/stubs/graphql-tools-schema.js',
    '@aws-sdk/credential-provider-node': './infra/stubs/aws-credential-provider.js',
    '@smithy/core/event-streams': './infra/stubs/smithy-event-streams.js',
    'lru-cache': './node_modules/lru-cache/dist/esm/node/index.min.js',
  },
  /**
   * The repository's package.json has no `"type": "module"`, so Node only
   * treats the bundle as ESM under a `.mjs` name (NodejsFunction writes
   * `index.mjs` for the same reason). Applies when building with `outdir`.
   */
  outExtension: { '.js': '.mjs' },
} satisfies BuildOptions;

/**
 * Environment the bundle expects at runtime, shared by the stack and the
 * benchmark. Deliberately no `NODE_OPTIONS=--enable-source-maps`: it makes
 * Node parse the 6.7 MB source map on every cold start (+40 ms measured by
 * bench/cold-start). The map is still written, so a logged minified stack can
 * be symbolicated offline.
 */
export const LAMBDA_RUNTIME_ENVIRONMENT: Record<string, string> = {
  /**
   * Shards of the reminder due index (functions/shared/data/due-shards.ts):
   * one value for every Lambda, since the API writes entries and the sweep
   * reads them. About 8,000 couple writes a second (README "Reminders").
   * May grow, never shrink while entries exist.
   */
  DUE_INDEX_SHARDS: '8',
};
