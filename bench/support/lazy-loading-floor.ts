/**
 * An experiment for `BENCH_FLOOR=1 npm run bench:cold-start`, never deployed:
 * the lower bound of loading the domains lazily.
 *
 * The third cold-start round named one structural step left: keep the code
 * that the first request does not use (other domains, KMS sealing, the
 * EventBridge client) out of the cold path, with a second bundle file loaded
 * on first use. Before building that (it needs code splitting, which
 * NodejsFunction cannot do, and a lazy composition root), this measures the
 * best it could give: the GraphQL Lambda built with every such module
 * replaced by an inert stub, so nothing of it is compiled or evaluated. A real
 * split could only do worse (it still loads a chunk for every other first
 * request, and keeps the wiring). The schema, authentication, admission,
 * logging and the people domain (`me`) stay real.
 */
import { build, type Plugin } from 'esbuild';

/**
 * What `{ me { person { id displayName } scopes } }` never runs: every domain
 * but people, privacy except the erasure marker (admission reads it), webhook
 * secret sealing, and the KMS and EventBridge SDKs.
 */
const NOT_ON_THE_ME_PATH =
  /\/functions\/(couples|prompts|sessions|reminders|webhooks|reflections|health|practices|assignments|care|reconnect)\/|\/functions\/privacy\/(?!erasure\.repository|privacy\.model)|\/functions\/shared\/secrets\/|@aws-sdk\/client-(kms|eventbridge)\//;

/**
 * The names the bundled code imports from the two SDK packages: their
 * `index.js` re-exports with `export *`, which esbuild's metafile does not list.
 */
const SDK_IMPORTS: Record<string, string[]> = {
  'client-kms': ['KMSClient', 'GenerateDataKeyCommand', 'DecryptCommand'],
  'client-eventbridge': ['EventBridgeClient', 'PutEventsCommand'],
};

/**
 * One inert value for every export: callable, constructible, any property of
 * it is itself, and it has no own fields (so a resolver map made of it adds
 * no resolvers).
 */
const INERT_VALUE = `
const inertHandler = { get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : inert),
  apply: () => inert, construct: () => inert, ownKeys: () => ['prototype'] };
const inert = new Proxy(function inert() {}, inertHandler);
`;

async function exportNamesOf(path: string): Promise<string[]> {
  const sdkPackage = Object.keys(SDK_IMPORTS).find((name) => path.includes(`/@aws-sdk/${name}/`));
  if (sdkPackage) return SDK_IMPORTS[sdkPackage] as string[];
  const result = await build({
    entryPoints: [path],
    bundle: false,
    write: false,
    metafile: true,
    format: 'esm',
    outdir: 'unused',
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs)[0]?.exports ?? [];
}

/** esbuild plugin: loads each module matched above as an inert stub with the same export names. */
export const lazyLoadingFloorPlugin: Plugin = {
  name: 'lazy-loading-floor',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.(ts|js|mjs)$/ }, async (args) => {
      if (!NOT_ON_THE_ME_PATH.test(args.path)) return undefined;
      const names = await exportNamesOf(args.path);
      const exports = names.map((name) => (name === 'default' ? 'export default inert;' : `export const ${name} = inert;`));
      return { contents: `${INERT_VALUE}\n${exports.join('\n')}`, loader: 'js' };
    });
  },
};
