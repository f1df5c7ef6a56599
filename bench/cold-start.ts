/**
 * Cold start of the GraphQL Lambda: builds the bundle exactly as the stack
 * does (infra/bundling.ts), then, in fresh Node processes, times importing it
 * and answering one `me` query against DynamoDB Local, beside bare
 * `node -e 0` measured in the same run (interleaved, so machine noise hits
 * both alike). Prints medians of RUNS runs.
 *
 * Targets (issue 2): bundle < 1.3 MB; import + first answer < 3x bare Node.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS, LAMBDA_RUNTIME_ENVIRONMENT } from '../infra/bundling';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../local/auth/local-issuer';
import { createLocalDynamoDbClient } from '../local/dynamodb/client';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';
import { ensureTable } from '../local/dynamodb/ensure-table';

const RUNS = Number(process.env.RUNS ?? 15);
const TABLE = 'bench-cold-start';

/** The child: import the bundle, answer one request, report, exit (Lambda freezes; we exit). */
const CHILD = `
const started = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const event = JSON.parse(process.env.BENCH_EVENT);
const result = await handler(event, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 });
const body = JSON.parse(result.body);
if (result.statusCode !== 200 || body.errors) { console.error(result.body); process.exit(1); }
process.stdout.write(String(performance.now() - started));
process.exit(0);
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Wall-clock milliseconds of a whole `node` process, as a Lambda cold start sees it. */
function timeNode(args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`);
  return elapsed;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'reconnect-cold-start-'));
  const dynamo = await startDynamoDbLocal();
  try {
    // 1. The bundle, as deployed.
    const outdir = join(work, 'bundle');
    await build({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: { index: resolve(LAMBDA_ENTRIES.graphql) }, outdir, logLevel: 'error' });
    const bundlePath = join(outdir, 'index.mjs');
    const bundleBytes = statSync(bundlePath).size;

    // 2. A table and a token, as the local run makes them.
    const client = createLocalDynamoDbClient(dynamo.endpoint);
    await ensureTable(client, TABLE);
    client.destroy();
    const issuer = await createLocalIssuer({ keyDir: join(work, 'issuer') });
    const token = await issuer.issueToken({ sub: 'bench-person', name: 'Bench' });
    const event = {
      version: '2.0',
      routeKey: 'POST /graphql',
      rawPath: '/graphql',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      requestContext: { http: { method: 'POST', path: '/graphql', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench' },
      body: JSON.stringify({ query: '{ me { person { id displayName } scopes } }' }),
      isBase64Encoded: false,
    };
    const childPath = join(work, 'child.mjs');
    writeFileSync(childPath, CHILD);
    // Context, not the target's baseline: what Node's ESM loader alone costs (Lambda loads .mjs handlers this way).
    const emptyModulePath = join(work, 'empty.mjs');
    writeFileSync(emptyModulePath, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...LAMBDA_RUNTIME_ENVIRONMENT,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      RECONNECT_STAGE: 'cloud',
      TABLE_NAME: TABLE,
      EVENT_BUS_NAME: 'bench-bus',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AUTH_ISSUER: LOCAL_ISSUER,
      AUTH_AUDIENCE: LOCAL_CLIENT_ID,
      AUTH_JWKS_JSON: JSON.stringify(issuer.publicJwks()),
      BENCH_BUNDLE: bundlePath,
      BENCH_EVENT: JSON.stringify(event),
    };

    // 3. Interleaved runs (one warm-up of each, not counted: it fills the OS file cache).
    timeNode(['-e', '0'], env);
    timeNode([childPath], env);
    const bare: number[] = [];
    const emptyModule: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      bare.push(timeNode(['-e', '0'], env));
      emptyModule.push(timeNode([emptyModulePath], env));
      cold.push(timeNode([childPath], env));
    }

    const bareMs = median(bare);
    const coldMs = median(cold);
    const sizeMb = bundleBytes / 1_000_000;
    const rows = [
      ['bundle size', `${(bundleBytes / 1024).toFixed(0)} KiB (${sizeMb.toFixed(3)} MB)`, 'target < 1.3 MB', sizeMb < 1.3 ? 'OK' : 'OVER'],
      [`bare node -e 0 (median of ${RUNS})`, `${bareMs.toFixed(0)} ms`, '', ''],
      [`node empty.mjs, for context (median of ${RUNS})`, `${median(emptyModule).toFixed(0)} ms`, '', ''],
      [
        `import + first 'me' answer (median of ${RUNS})`,
        `${coldMs.toFixed(0)} ms`,
        `target < 3x bare = ${(3 * bareMs).toFixed(0)} ms`,
        coldMs < 3 * bareMs ? 'OK' : 'OVER',
      ],
      ['ratio', `${(coldMs / bareMs).toFixed(2)}x`, '', ''],
    ];
    console.log(`Reconnect GraphQL Lambda cold start (node ${process.version}, ${new Date().toISOString()})`);
    for (const row of rows) console.log(`  ${row[0]!.padEnd(44)} ${row[1]!.padEnd(24)} ${row[2]!.padEnd(28)} ${row[3]}`);
  } finally {
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
