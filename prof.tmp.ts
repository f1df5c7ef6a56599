import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS, LAMBDA_RUNTIME_ENVIRONMENT } from './infra/bundling';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER } from './local/auth/local-issuer';
import { createLocalDynamoDbClient } from './local/dynamodb/client';
import { startDynamoDbLocal } from './local/dynamodb/dynamodb-local';
import { ensureTable } from './local/dynamodb/ensure-table';
const work = '/tmp/perf/prof'; mkdirSync(work, { recursive: true });
const CHILD = `
const imported = await import(process.env.BENCH_BUNDLE);
const importMs = performance.now();
const event = JSON.parse(process.env.BENCH_EVENT);
const result = await imported.handler(event, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 });
const answerMs = performance.now();
if (result.statusCode !== 200) { console.error(result.body); process.exit(1); }
const cpu = process.cpuUsage();
console.log(JSON.stringify({ importMs, answerMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
process.exit(0);
`;
(async () => {
  const dynamo = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  const entry = process.env.ENTRY ?? LAMBDA_ENTRIES.graphql;
  const r = await build({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: { index: resolve(entry) }, outdir: join(work, 'b'), metafile: true, logLevel: 'error', minify: process.env.NOMIN ? false : true });
  const client = createLocalDynamoDbClient(dynamo.endpoint); await ensureTable(client, 't-prof'); client.destroy();
  const issuer = await createLocalIssuer({ keyDir: join(work, 'issuer') });
  const token = await issuer.issueToken({ sub: 'bench-person', name: 'Bench' });
  const event = { version: '2.0', routeKey: 'POST /graphql', rawPath: '/graphql', rawQueryString: '', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, requestContext: { http: { method: 'POST', path: '/graphql', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench' }, body: JSON.stringify({ query: '{ me { person { id displayName } scopes } }' }), isBase64Encoded: false };
  writeFileSync(join(work, 'child.mjs'), CHILD);
  const env = { PATH: process.env.PATH, ...LAMBDA_RUNTIME_ENVIRONMENT, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'warn', RECONNECT_STAGE: 'cloud', TABLE_NAME: 't-prof', EVENT_BUS_NAME: 'bench-bus', WEBHOOK_SECRETS_KEY_ID: 'alias/x', DYNAMODB_ENDPOINT: dynamo.endpoint, AUTH_ISSUER: LOCAL_ISSUER, AUTH_AUDIENCE: LOCAL_CLIENT_ID, AUTH_JWKS_JSON: JSON.stringify(issuer.publicJwks()), BENCH_EVENT: JSON.stringify(event), BENCH_BUNDLE: join(work, 'b', 'index.mjs') };
  for (let i = 0; i < Number(process.env.N ?? 3); i++) {
    const args = i === Number(process.env.N ?? 3) - 1 && process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir', join(work, 'cpu'), '--cpu-prof-interval', '200'] : [];
    const c = spawnSync(process.execPath, [...args, join(work, 'child.mjs')], { env, encoding: 'utf8' });
    console.log(c.stdout.trim(), c.stderr.slice(0, 500));
  }
  await dynamo.stop();
})();
