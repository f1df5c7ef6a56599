/**
 * `npm run bench:warm`: one warm Lambda instance. The real GraphQL handler
 * (createGraphqlHandler, cloud settings: rate limit on, introspection off)
 * runs in this process against DynamoDB Local, started here, and answers
 * - the heaviest dashboard operation the cost limit accepts
 *   (tests/support/operations.ts DASHBOARD_QUERY: a couple with its plan and
 *   health, 20 sessions with prompts, answers and authors, 20 reflections,
 *   20 reminders), and
 * - `me { person { id displayName } scopes }`,
 * interleaved, REQUESTS times each after a warm-up, one request at a time.
 * Beside them, the peer of the cold-start benchmark (bench/peer/plain.ts:
 * Apollo Server + the Lambda integration + one GetItem) answers the same `me`
 * query in the same process and the same rounds.
 *
 * Prints p50 and p99 latency and the DynamoDB requests of each operation (by
 * command, counted on the handler's client). No targets: figures to compare.
 */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGraphqlHandler, type GraphqlLambdaHandler } from '../functions/graphql/create-handler';
import { reminderItem } from '../functions/reminders/reminder.repository';
import type { Reminder } from '../functions/reminders/reminder.model';
import { createDocumentClient } from '../functions/shared/data/dynamo-client';
import { countRequests } from '../tests/support/request-counter';
import type { Item } from '../functions/shared/data/table';
import { localIdOf } from '../functions/shared/ids/global-id';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../local/auth/local-issuer';
import { createLocalDynamoDbClient } from '../local/dynamodb/client';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';
import { ensureTable } from '../local/dynamodb/ensure-table';
import { createLambdaContext } from '../local/http/lambda-context';
import { DASHBOARD_QUERY } from '../tests/support/operations';
import { seedReflections } from '../tests/support/reflection-seed';
import { apiGatewayEvent } from '../tests/support/test-api';
import { prepareBenchEnvironment } from './support/bench-api';
import { historyItems } from './support/session-history';

const REQUESTS = Number(process.env.REQUESTS ?? 300);
const WARM_UP = 20;
const TABLE = 'reconnect-bench-warm';
const ME_QUERY = '{ me { person { id displayName } scopes } }';
const PAGE = 20;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Reminders of a couple, RESOLVED, one per `stepDays`, newest first at `newestAt`. */
function reminderItems(coupleId: string, count: number, newestAt: string, promptIds: readonly string[]): Item[] {
  return Array.from({ length: count }, (_, i) => {
    const dueAt = new Date(Date.parse(newestAt) - i * 10 * 86_400_000).toISOString();
    const reminder: Reminder = {
      id: `${coupleId}_${dueAt}_RECONNECT_DUE`,
      coupleId,
      dueAt,
      kind: 'RECONNECT_DUE',
      sessionId: null,
      status: 'RESOLVED',
      createdAt: dueAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: dueAt,
      daysSinceLastReconnect: 10,
      suggestedPromptId: promptIds[i % promptIds.length] ?? null,
    };
    return reminderItem(reminder);
  });
}

async function main(): Promise<void> {
  const { region } = prepareBenchEnvironment();
  progress('Starting DynamoDB Local (in memory)...');
  const dynamodb = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
  const keyDir = mkdtempSync(join(tmpdir(), 'reconnect-bench-warm-'));
  try {
    const admin = createLocalDynamoDbClient(dynamodb.endpoint);
    await ensureTable(admin, TABLE);
    const seeder = DynamoDBDocumentClient.from(admin);
    const issuer = await createLocalIssuer({ keyDir });

    // The Lambda instance: the real handler, cloud settings, a request-counting client.
    const client = createDocumentClient({ region, endpoint: dynamodb.endpoint });
    const requests = countRequests(client);
    const handler: GraphqlLambdaHandler = createGraphqlHandler(
      {
        stage: 'cloud',
        region,
        tableName: TABLE,
        dynamodbEndpoint: dynamodb.endpoint,
        auth: { issuer: LOCAL_ISSUER, audiences: [LOCAL_CLIENT_ID], jwks: issuer.publicJwks() },
        introspection: false,
        // On, as deployed (one UpdateItem per request), with room for this benchmark's own rate.
        rateLimitPerMinute: 1_000_000,
      },
      { client, events: { publish: async () => undefined } },
    );
    const tokens = new Map<string, string>();
    const send = async (sub: string, query: string, variables?: Record<string, unknown>) => {
      let token = tokens.get(sub);
      if (!token) {
        token = await issuer.issueToken({ sub, name: sub });
        tokens.set(sub, token);
      }
      const result = await handler(
        apiGatewayEvent(JSON.stringify({ query, variables }), { authorization: `Bearer ${token}` }),
        createLambdaContext(),
      );
      const body = JSON.parse(result.body ?? '{}');
      if (result.statusCode !== 200 || body.errors) throw new Error(`${result.statusCode}: ${result.body}`);
      return body.data;
    };

    // 1. The dashboard's couple: formed through the API, its history seeded with the repositories' own item builders.
    progress('Seeding a couple with 20+ sessions, reflections and reminders...');
    const created = await send('ana', 'mutation { createCouple(input: { timezone: "Europe/Berlin" }) { couple { id } invite { code } } }');
    await send('ben', 'mutation($code: String!) { joinCouple(input: { code: $code }) { id } }', { code: created.createCouple.invite.code });
    const coupleId = localIdOf(created.createCouple.couple.id, 'Couple') as string;
    const sessions = historyItems(coupleId, ['ana', 'ben'], PAGE + 5, 3, 3);
    const promptIds = sessions.items.filter((item) => item.promptId).map((item) => String(item.promptId));
    const items = [...sessions.items, ...reminderItems(coupleId, PAGE + 5, '2026-11-20T18:00:00.000Z', promptIds)];
    for (let start = 0; start < items.length; start += 25) {
      await seeder.send(
        new BatchWriteCommand({ RequestItems: { [TABLE]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
    await seedReflections(seeder, TABLE, {
      coupleId,
      partnerIds: ['ana', 'ben'],
      timezone: 'Europe/Berlin',
      count: PAGE + 5,
      newestAt: new Date(Date.now() - 3_600_000).toISOString(),
      stepMinutes: 24 * 60,
      shape: (i) => ({ author: (i % 2) as 0 | 1, closeness: 4 + (i % 6), feelings: ['HEARD'], shared: true, sessionId: null }),
    });
    const check = await send('ana', DASHBOARD_QUERY);
    const couple = check.me.couple;
    const sizes = [couple.sessions.edges.length, couple.reflections.edges.length, couple.reminders.edges.length];
    if (sizes.some((n: number) => n !== PAGE) || couple.sessions.edges[0].node.prompts[0].answers.length !== 2) {
      throw new Error(`the dashboard answered an unexpected shape: ${JSON.stringify(sizes)}`);
    }

    // 2. The peer, in the same process: its module reads these at import. Its GetItem reads a real profile.
    await send('bench-person', ME_QUERY);
    process.env.TABLE_NAME = TABLE;
    process.env.DYNAMODB_ENDPOINT = dynamodb.endpoint;
    const peer = (await import('./peer/plain')).handler as unknown as (
      event: unknown,
      context: unknown,
      callback: () => void,
    ) => Promise<{ body: string }>;
    const peerMe = async () => {
      const result = await peer(apiGatewayEvent(JSON.stringify({ query: ME_QUERY })), createLambdaContext(), () => undefined);
      if (!JSON.parse(result.body).data?.me) throw new Error(`peer: ${result.body}`);
    };

    const scenarios = [
      {
        name: 'dashboard (heaviest accepted operation)',
        run: () => send('ana', DASHBOARD_QUERY),
        latencies: [] as number[],
        requests: {} as Record<string, number>,
      },
      {
        name: 'me { person { id displayName } scopes }',
        run: () => send('ana', ME_QUERY),
        latencies: [] as number[],
        requests: {} as Record<string, number>,
      },
      { name: 'peer: me (Apollo + integration + GetItem)', run: peerMe, latencies: [] as number[], requests: { GetItem: 1 } },
    ];

    // 3. Warm-up, one counted request of each, then interleaved rounds.
    progress(`Warm-up (${WARM_UP} of each), then ${REQUESTS} interleaved rounds...`);
    for (let n = 0; n < WARM_UP; n += 1) for (const scenario of scenarios) await scenario.run();
    for (const scenario of scenarios.slice(0, 2)) {
      requests.reset();
      await scenario.run();
      scenario.requests = { ...requests.byCommand };
    }
    for (let round = 0; round < REQUESTS; round += 1) {
      for (const scenario of scenarios) {
        const started = process.hrtime.bigint();
        await scenario.run();
        scenario.latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      if ((round + 1) % 50 === 0) progress(`  ${round + 1}/${REQUESTS} rounds`);
    }

    // 4. Figures.
    const peerP50 = percentile(scenarios[2]!.latencies, 50);
    console.log(
      `\nWarm GraphQL Lambda (one instance, in-process, DynamoDB Local in memory; node ${process.version}, ${new Date().toISOString()})`,
    );
    console.log(`${REQUESTS} requests of each operation, one at a time, interleaved after ${WARM_UP} warm-up requests\n`);
    console.log('  operation                                   p50        p99        p50 / peer  DynamoDB requests');
    for (const scenario of scenarios) {
      const total = Object.values(scenario.requests).reduce((sum, n) => sum + n, 0);
      const byCommand = Object.entries(scenario.requests)
        .map(([name, n]) => `${name.replace(/Command$/, '')} ${n}`)
        .join(', ');
      const p50 = percentile(scenario.latencies, 50);
      console.log(
        `  ${scenario.name.padEnd(42)}  ${`${p50.toFixed(1)} ms`.padEnd(9)}  ${`${percentile(scenario.latencies, 99).toFixed(1)} ms`.padEnd(9)}` +
          `  ${`${(p50 / peerP50).toFixed(2)}x`.padEnd(10)}  ${total} (${byCommand})`,
      );
    }
    console.log(
      "\n  The project's requests include the per-caller rate limit (one UpdateItem, as deployed). The peer verifies no token and\n" +
        '  counts nothing. 2 shared cores: other work runs beside the benchmark, so read p99 as an upper bound.',
    );
    client.destroy();
    admin.destroy();
  } finally {
    await dynamodb.stop();
    rmSync(keyDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
