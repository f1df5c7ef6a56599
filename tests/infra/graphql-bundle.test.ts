import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ENTRIES, LAMBDA_ESBUILD_OPTIONS, LAMBDA_RUNTIME_ENVIRONMENT } from '../../infra/bundling';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../../local/auth/local-issuer';
import { createTestTable, type TestTable } from '../support/test-table';
import { testAuthConfig, tokenFor } from '../support/tokens';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The child: imports the bundle as Lambda would (ESM, its own process) and
 * answers each event of BUNDLE_EVENTS in turn, printing status and body.
 */
const CHILD = `
const { handler } = await import(process.env.BUNDLE);
const answers = [];
for (const event of JSON.parse(process.env.BUNDLE_EVENTS)) {
  const result = await handler(event, { awsRequestId: 'bundle-test' });
  answers.push({ statusCode: result.statusCode, body: JSON.parse(result.body) });
}
process.stdout.write(JSON.stringify(answers));
process.exit(0);
`;

function graphqlEvent(token: string, query: string) {
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requestContext: { http: { method: 'POST', path: '/graphql', sourceIp: '127.0.0.1', userAgent: 'jest' }, requestId: 'bundle-test' },
    body: JSON.stringify({ query }),
    isBase64Encoded: false,
  };
}

/**
 * The GraphQL Lambda exactly as deployed (infra/bundling.ts: aliases and
 * stubs included) must start and answer: a stub reached on the request path,
 * or a `graphql` export missing from infra/stubs/graphql.js at run time,
 * would fail here rather than in the cloud.
 */
describe('GraphQL Lambda bundle', () => {
  let table: TestTable;
  let work: string;

  beforeAll(async () => {
    table = await createTestTable('graphql-bundle');
    work = mkdtempSync(path.join(tmpdir(), 'reconnect-graphql-bundle-'));
  });

  afterAll(async () => {
    await table.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('starts and answers a query and a refused operation with the deployed esbuild options', async () => {
    // prepare: the bundle, as the stack builds it, and the cloud configuration pointed at DynamoDB Local
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      absWorkingDir: REPO_ROOT,
      entryPoints: { index: path.join(REPO_ROOT, LAMBDA_ENTRIES.graphql) },
      outdir: work,
      sourcemap: false,
      logLevel: 'silent',
    });
    writeFileSync(path.join(work, 'child.mjs'), CHILD);
    const token = await tokenFor('bundle-person', { name: 'Bundle Person' });
    const events = [graphqlEvent(token, '{ me { person { displayName } } }'), graphqlEvent(token, '{ me { noSuchField } }')];

    // act
    const child = spawnSync(process.execPath, [path.join(work, 'child.mjs')], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        ...LAMBDA_RUNTIME_ENVIRONMENT,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        LOG_LEVEL: 'silent',
        RECONNECT_STAGE: 'cloud',
        TABLE_NAME: table.tableName,
        DYNAMODB_ENDPOINT: table.endpoint,
        EVENT_BUS_NAME: 'bundle-test-bus',
        WEBHOOK_SECRETS_KEY_ID: 'alias/bundle-test-unused',
        AUTH_ISSUER: LOCAL_ISSUER,
        AUTH_AUDIENCE: LOCAL_CLIENT_ID,
        AUTH_JWKS_JSON: JSON.stringify(testAuthConfig().jwks),
        // Would make Apollo load its usage- and schema-reporting plugins, which the bundle leaves out
        // (infra/bundling.ts UNREACHABLE_APOLLO_PLUGINS): it must start anyway, and send nothing.
        APOLLO_KEY: 'service:bundle-test:not-a-real-key',
        APOLLO_GRAPH_REF: 'bundle-test@current',
        APOLLO_SCHEMA_REPORTING: 'true',
        BUNDLE: path.join(work, 'index.mjs'),
        BUNDLE_EVENTS: JSON.stringify(events),
      },
    });

    // assert
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const [me, refused] = JSON.parse(child.stdout) as {
      statusCode: number;
      body: { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    }[];
    expect(me).toEqual({ statusCode: 200, body: { data: { me: { person: { displayName: 'Bundle Person' } } } } });
    expect(refused?.statusCode).toBe(400);
    expect(refused?.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  }, 240_000);
});
