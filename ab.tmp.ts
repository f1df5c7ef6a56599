import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_RUNTIME_ENVIRONMENT } from './infra/bundling';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER } from './local/auth/local-issuer';
import { createLocalDynamoDbClient } from './local/dynamodb/client';
import { startDynamoDbLocal } from './local/dynamodb/dynamodb-local';
import { ensureTable } from './local/dynamodb/ensure-table';
const work = '/tmp/perf/ab'; mkdirSync(work, { recursive: true });
const CHILD = `
const imported = await import(process.env.BENCH_BUNDLE);
const importMs = performance.now();
const event = JSON.parse(process.env.BENCH_EVENT);
const result = await imported.handler(event, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 });
const answerMs = performance.now();
if (result.statusCode !== 200 || JSON.parse(result.body).errors) { console.error(result.body); process.exit(1); }
const cpu = process.cpuUsage();
console.log(JSON.stringify({ importMs, answerMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
process.exit(0);
`;
const med = (a: number[]) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
(async () => {
  const variants = process.argv.slice(2);
  const dynamo = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  const client = createLocalDynamoDbClient(dynamo.endpoint); await ensureTable(client, 't-ab'); client.destroy();
  const issuer = await createLocalIssuer({ keyDir: join(work, 'issuer') });
  const token = await issuer.issueToken({ sub: 'bench-person', name: 'Bench' });
  const event = { version: '2.0', routeKey: 'POST /graphql', rawPath: '/graphql', rawQueryString: '', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, requestContext: { http: { method: 'POST', path: '/graphql', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench' }, body: JSON.stringify({ query: '{ me { person { id displayName } scopes } }' }), isBase64Encoded: false };
  writeFileSync(join(work, 'child.mjs'), CHILD);
  const env = { PATH: process.env.PATH, ...LAMBDA_RUNTIME_ENVIRONMENT, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'warn', RECONNECT_STAGE: 'cloud', TABLE_NAME: 't-ab', EVENT_BUS_NAME: 'bench-bus', WEBHOOK_SECRETS_KEY_ID: 'alias/x', DYNAMODB_ENDPOINT: dynamo.endpoint, AUTH_ISSUER: LOCAL_ISSUER, AUTH_AUDIENCE: LOCAL_CLIENT_ID, AUTH_JWKS_JSON: JSON.stringify(issuer.publicJwks()), BENCH_EVENT: JSON.stringify(event) };
  const run = (v: string) => { const t = process.hrtime.bigint(); const c = spawnSync(process.execPath, [join(work, 'child.mjs')], { env: { ...env, BENCH_BUNDLE: join(v, 'index.mjs') }, encoding: 'utf8' }); const wall = Number(process.hrtime.bigint() - t) / 1e6; if (c.status) throw new Error(c.stderr); return { wall, ...JSON.parse(c.stdout) }; };
  for (const v of variants) run(v);
  const S: Record<string, any[]> = Object.fromEntries(variants.map((v) => [v, []]));
  const R = Number(process.env.RUNS ?? 10);
  for (let r = 0; r < R; r++) { for (let i = 0; i < variants.length; i++) { const v = variants[(r + i) % variants.length]; S[v].push(run(v)); } process.stderr.write('.'); }
  console.log(`\nmedian of ${R} interleaved rounds (wall / import / answer / cpu)`);
  for (const v of variants) { const s = S[v]; console.log(`${v.padEnd(28)} wall ${med(s.map((x) => x.wall)).toFixed(0)}  import ${med(s.map((x) => x.importMs)).toFixed(0)}  answer ${med(s.map((x) => x.answerMs)).toFixed(0)}  cpu ${med(s.map((x) => x.cpuMs)).toFixed(0)}`); }
  await dynamo.stop();
})();
