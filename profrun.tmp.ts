// profile a prebuilt bundle dir: PROFDIR, N runs (all profiled)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_RUNTIME_ENVIRONMENT } from './infra/bundling';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER } from './local/auth/local-issuer';
import { createLocalDynamoDbClient } from './local/dynamodb/client';
import { startDynamoDbLocal } from './local/dynamodb/dynamodb-local';
import { ensureTable } from './local/dynamodb/ensure-table';
const work = '/tmp/perf/pr'; mkdirSync(work, { recursive: true });
(async () => {
  const dynamo = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  const c = createLocalDynamoDbClient(dynamo.endpoint); await ensureTable(c, 't-pr'); c.destroy();
  const issuer = await createLocalIssuer({ keyDir: join(work, 'issuer') });
  const token = await issuer.issueToken({ sub: 'bench-person', name: 'Bench' });
  const event = { version: '2.0', routeKey: 'POST /graphql', rawPath: '/graphql', rawQueryString: '', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, requestContext: { http: { method: 'POST', path: '/graphql', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench' }, body: JSON.stringify({ query: '{ me { person { id displayName } scopes } }' }), isBase64Encoded: false };
  const env = { PATH: process.env.PATH, ...LAMBDA_RUNTIME_ENVIRONMENT, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'warn', RECONNECT_STAGE: 'cloud', TABLE_NAME: 't-pr', EVENT_BUS_NAME: 'bench-bus', WEBHOOK_SECRETS_KEY_ID: 'alias/x', DYNAMODB_ENDPOINT: dynamo.endpoint, AUTH_ISSUER: LOCAL_ISSUER, AUTH_AUDIENCE: LOCAL_CLIENT_ID, AUTH_JWKS_JSON: JSON.stringify(issuer.publicJwks()), BENCH_EVENT: JSON.stringify(event) };
  for (const dir of process.argv.slice(2)) {
    const out = join(dir, 'cpu'); rmSync(out, { recursive: true, force: true });
    spawnSync(process.execPath, [join('/tmp/perf/ab', 'child.mjs')], { env: { ...env, BENCH_BUNDLE: join(dir, 'index.mjs') } });
    for (let i = 0; i < Number(process.env.N ?? 5); i++) {
      const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', out, '--cpu-prof-interval', '100', join('/tmp/perf/ab', 'child.mjs')], { env: { ...env, BENCH_BUNDLE: join(dir, 'index.mjs') }, encoding: 'utf8' });
      if (r.status) throw new Error(r.stderr);
    }
  }
  await dynamo.stop();
})();
