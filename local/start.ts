/**
 * `npm start`: the whole API on this machine, with no AWS account. Starts
 * DynamoDB Local (data kept under .data/dynamodb) unless DYNAMODB_ENDPOINT
 * points elsewhere, makes sure the table matches TABLE_DEFINITION, then serves
 * the very `handler` the GraphQL Lambda exports behind the API Gateway
 * adapter, plus the local-only helper routes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import path from 'node:path';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER } from './auth/local-issuer';
import { LOCAL_CREDENTIALS } from './dynamodb/client';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/dynamodb-local';
import { ensureTable } from './dynamodb/ensure-table';
import { createClockRoute, createDemoClock } from './dashboard/demo-clock';
import { createDashboardRoutes } from './dashboard/static-routes';
import { createInProcessEvents } from './events/in-process-events';
import { createWebhookRetryRoute } from './events/pending-deliveries';
import { createRelayRoute } from './events/relay-route';
import { createErasureSweepRoute } from './privacy/erasure-sweep-route';
import { createSweepRoute, startSweepSchedule } from './reminders/sweep-route';
import { ensureGraphiqlBundle, type GraphiqlBundle } from './graphiql/build-bundle';
import { createIdeRoutes } from './graphiql/ide-route';
import { createApiGatewayRoute } from './http/api-gateway-adapter';
import { assertPortFree, portInUseError } from './http/port-check';
import type { LocalRoute } from './http/route';
import { LOCAL_DYNAMODB_DIR, LOCAL_GRAPHIQL_DIR, LOCAL_ISSUER_DIR, PROJECT_ROOT } from './paths';
import { watchParent } from './process/parent-watch';
import { loadOrCreateLocalMasterKey } from './secrets/local-master-key';
import { createLocalServer, listen } from './server';

/**
 * Local-only routes besides `/graphql` and `/local/token`: one line each,
 * e.g. `'POST /local/reminders/sweep': jsonRoute((body) => ...)`. Filled in
 * main() where they need the running configuration.
 */
const EXTRA_ROUTES: Record<string, LocalRoute> = {};

const cleanups: Array<() => Promise<void> | void> = [];
let stopping = false;

async function main(): Promise<void> {
  // Before any SDK client exists: Node 20 is supported by this project's pinned SDK line.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const port = Number(process.env.PORT || 4000);
  const tableName = process.env.TABLE_NAME || 'reconnect-local';
  const region = process.env.AWS_REGION || 'us-east-1';
  const progress = (line: string): void => console.log(`  ${line}`);

  // Before java: a taken port is a one-line message in a second, with nothing left to clean up.
  await assertPortFree(port);

  let dynamo: DynamoDbLocal | undefined;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (endpoint) {
    // Another DynamoDB was chosen: keep whatever credentials the developer set for it.
    process.env.AWS_ACCESS_KEY_ID ||= LOCAL_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY ||= LOCAL_CREDENTIALS.secretAccessKey;
  } else {
    console.log('Starting DynamoDB Local (java)...');
    dynamo = await startDynamoDbLocal({ dbPath: LOCAL_DYNAMODB_DIR, onProgress: progress });
    cleanups.push(() => dynamo?.stop());
    progress(`DynamoDB Local answers on ${dynamo.endpoint} (${dynamo.startupMs} ms)`);
    endpoint = dynamo.endpoint;
    // Real credentials have no business being sent to DynamoDB Local.
    process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
  }

  const client = new DynamoDBClient({ endpoint, region });
  const changes = await ensureTable(client, tableName);
  client.destroy();
  progress(`Table ${tableName} ready`);

  const issuer = await createLocalIssuer({ keyDir: LOCAL_ISSUER_DIR });

  // Set before importing the handler: it builds its config from process.env at import.
  Object.assign(process.env, {
    RECONNECT_STAGE: 'local',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: region,
    AUTH_ISSUER: LOCAL_ISSUER,
    AUTH_AUDIENCE: LOCAL_CLIENT_ID,
    AUTH_JWKS_JSON: JSON.stringify(issuer.publicJwks()),
    GRAPHQL_INTROSPECTION: 'true',
    // Seals webhook signing secrets as KMS does in the cloud (.data/local-secrets/).
    LOCAL_SECRETS_KEY: loadOrCreateLocalMasterKey(),
  });
  const { loadConfig, loadWebhookConfig } = await import('../functions/shared/config');
  const { createGraphqlHandler } = await import('../functions/graphql/create-handler');
  // EventBridge, the dispatch Lambda, SQS and the retry Lambda, in this
  // process: the same rules and dispatcher code, retries on real timers.
  const webhookConfig = loadWebhookConfig();
  const events = createInProcessEvents(webhookConfig);
  cleanups.push(() => events.close());
  // System time, unless `POST /local/clock` moved it (npm run seed:demo writes 90 days of history so).
  const clock = createDemoClock();
  EXTRA_ROUTES['POST /local/clock'] = createClockRoute(clock);
  // The same factory the Lambda entry calls, with the in-process bus as its publisher.
  const handler = createGraphqlHandler(loadConfig(), { events: events.bus, clock });
  EXTRA_ROUTES['POST /local/events/relay'] = createRelayRoute(webhookConfig, events.bus);
  // Retry timers died with the previous run; the table still knows every PENDING delivery.
  const { rescheduled } = await events.pending.resume();
  EXTRA_ROUTES['POST /local/webhooks/retry'] = createWebhookRetryRoute(events.pending);
  // The reminder sweep: the handler the scheduled rule invokes, on the same schedule, and on demand.
  const { loadSweepConfig } = await import('../functions/shared/config');
  const { createSweepHandler } = await import('../functions/reminders/create-sweep-handler');
  const { SWEEP_INTERVAL_MINUTES } = await import('../functions/reminders/sweep');
  const sweepHandler = createSweepHandler(loadSweepConfig(), { events: events.bus, clock });
  EXTRA_ROUTES['POST /local/reminders/sweep'] = createSweepRoute(sweepHandler);
  cleanups.push(startSweepSchedule(sweepHandler, { intervalMs: SWEEP_INTERVAL_MINUTES * 60_000, log: (line) => console.log(line) }));
  // The erasure sweep, on demand only: locally deleteMyAccount finishes by itself, so only a crashed erasure waits for it.
  const { loadErasureSweepConfig } = await import('../functions/shared/config');
  const { createErasureSweepHandler } = await import('../functions/privacy/create-erasure-sweep-handler');
  EXTRA_ROUTES['POST /local/erasures/sweep'] = createErasureSweepRoute(
    createErasureSweepHandler(loadErasureSweepConfig(), { events: events.bus, clock }),
  );

  // GraphiQL's bundle: built once per install in the background (about 10-20 s), reused from .data/ after.
  let bundle: Promise<GraphiqlBundle> | undefined;
  const graphiqlBundle = (): Promise<GraphiqlBundle> => (bundle ??= ensureGraphiqlBundle(LOCAL_GRAPHIQL_DIR));
  const ideRoutes = createIdeRoutes({ issuer, bundle: graphiqlBundle, api: createApiGatewayRoute(handler, { routeKey: 'GET /graphql' }) });

  const corsOrigins = process.env.CORS_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const server = createLocalServer({ handler, issuer, routes: { ...EXTRA_ROUTES, ...ideRoutes, ...createDashboardRoutes() }, corsOrigins });
  let baseUrl: string;
  try {
    baseUrl = await listen(server, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw portInUseError(port, code);
    throw error;
  }
  cleanups.unshift(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  const rel = (p: string): string => path.relative(PROJECT_ROOT, p) || '.';
  const tableNote = changes.created ? 'created' : changes.addedIndexes.length ? `added ${changes.addedIndexes.join(', ')}` : 'up to date';
  console.log(
    [
      '',
      'Reconnect local API',
      `  GraphQL   POST ${baseUrl}/graphql`,
      `  GraphiQL  open ${baseUrl}/graphql in a browser (a token is in its headers; introspection needs none locally)`,
      `  Dashboard GET  ${baseUrl}/dashboard/   (counselor dashboard; npm run seed:demo fills it)`,
      `  Token     POST ${baseUrl}/local/token   {"sub": "alice", "name": "Alice", "scope": "..."} (scope optional)`,
      ...Object.keys(EXTRA_ROUTES).map((route) => `  Local     ${route.replace(' ', ` ${baseUrl}`)}`),
      dynamo
        ? `  DynamoDB  ${endpoint} (DynamoDB Local, started in ${dynamo.startupMs} ms; data in ${rel(LOCAL_DYNAMODB_DIR)}/)`
        : `  DynamoDB  ${endpoint} (from DYNAMODB_ENDPOINT)`,
      `  Table     ${tableName} (${tableNote})`,
      `  Webhooks  ${rescheduled} pending deliver${rescheduled === 1 ? 'y' : 'ies'} re-scheduled from the table (POST /local/webhooks/retry attempts them now)`,
      `  Sweep     reminder sweep every ${SWEEP_INTERVAL_MINUTES} minutes in this process (POST /local/reminders/sweep runs it now)`,
      `  Keys      ${rel(LOCAL_ISSUER_DIR)}/ (local issuer ${LOCAL_ISSUER}, client ${LOCAL_CLIENT_ID})`,
      '',
      'Try:',
      `  TOKEN=$(curl -s -X POST ${baseUrl}/local/token -H 'content-type: application/json' -d '{"sub":"alice","name":"Alice"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
      `  curl -s -X POST ${baseUrl}/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"query":"{ __typename }"}'`,
      '',
      'Ctrl-C, or a SIGTERM to npm start or to this process, stops the server and DynamoDB Local.',
    ].join('\n'),
  );
  graphiqlBundle().then(
    (built) => {
      if (built.builtMs !== null) console.log(`GraphiQL bundle built in ${built.builtMs} ms (cached in ${rel(built.dir)}/)`);
    },
    (error: unknown) => console.error(`GraphiQL could not be built: ${error instanceof Error ? error.message : String(error)}`),
  );
}

async function stop(signal: string): Promise<void> {
  if (stopping) {
    // A second Ctrl-C means "now"; java dies with us through its exit handler and watchdog.
    process.exit(1);
  }
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      console.error('Cleanup failed:', error);
    }
  }
  process.exit(0);
}

// Registered before anything starts so that Ctrl-C during start-up also stops java.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));
// `npm start` killed without passing the signal on (or killed outright): we were re-parented, so stop too.
watchParent(() => void stop('parent process exited'));

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (process.env.DEBUG) console.error(error);
  for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => undefined);
  process.exit(1);
});
