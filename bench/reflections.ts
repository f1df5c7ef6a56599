/**
 * Reflection history and connection health at two history sizes: DynamoDB
 * requests and median latency of (1) the first page of couple.reflections
 * (default size 20), (2) a feeling-filtered first page and (3) couple.health
 * with every field, for couples with 10, 1,000 and 5,000 reflections, through
 * the real GraphQL handler against DynamoDB Local, measured interleaved after
 * a warm-up.
 *
 * Targets (issue 4): the same request count at both sizes; latency at 5,000
 * within 1.5x of that at 10.
 *
 * Every history spans about a year, so the sizes differ in density. Read the
 * "items returned" column with the latency: a 10-reflection history cannot
 * fill a page of 20 (its reader may read 8 of them), and its 90-day window
 * holds a handful of daily roll-ups where a dense one holds 180. A page of 8
 * returns as much at every size (what history length alone costs); 1,000
 * next to 5,000 shows where the cost stops growing (the 90-day window is full).
 *
 *   npm run bench:reflections          (RUNS=100 for more runs; default 50)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createGraphqlHandler } from '../functions/graphql/create-handler';
import type { Feeling } from '../functions/reflections/reflection.model';
import { FEELINGS } from '../functions/reflections/reflection.model';
import type { AppConfig } from '../functions/shared/config';
import { createDocumentClient } from '../functions/shared/data/dynamo-client';
import { countRequests } from '../tests/support/request-counter';
import { fromGlobalId } from '../functions/shared/ids/global-id';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER, readPublicJwks } from '../local/auth/local-issuer';
import { LOCAL_CREDENTIALS, createLocalDynamoDbClient } from '../local/dynamodb/client';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';
import { ensureTable } from '../local/dynamodb/ensure-table';
import { seedReflections } from '../tests/support/reflection-seed';

const RUNS = Number(process.env.RUNS ?? 50);
const WARMUP = 30;
/** History sizes; each spans about a year. The targets compare the first and the last. */
const SIZES = [10, 1000, 5000];
const TABLE = 'bench-reflections';
const YEAR_MINUTES = 365 * 24 * 60;

const FIRST_PAGE = `query($id: ID!, $filter: ReflectionFilter, $first: Int = 20) {
  couple(id: $id) {
    reflections(filter: $filter, first: $first) {
      edges { cursor node { id body closeness feelings createdAt sharing { partner } author { id displayName } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const HEALTH_FIELDS = `targetSessionsPerMonth sessionsLast30Days daysSinceLastReconnect closenessAverage30d closenessTrend
      participationBalance driftRisk driftSignals`;

const HEALTH = `query($id: ID!) {
  couple(id: $id) { health { ${HEALTH_FIELDS} closenessSeries { date closeness partner { id displayName } } } }
}`;

const HEALTH_METRICS = `query($id: ID!) { couple(id: $id) { health { ${HEALTH_FIELDS} } } }`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function event(body: unknown, token: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requestContext: { http: { method: 'POST', path: '/graphql', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const CONTEXT = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // One info line per operation would drown the table (and cost time inside the measurement).
  process.env.LOG_LEVEL ??= 'warn';
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const work = mkdtempSync(join(tmpdir(), 'reconnect-bench-reflections-'));
  // The tests start DynamoDB Local with the C1 compiler only (fast start); a benchmark wants the
  // emulator's steady state, so the full JIT is switched back on (a later flag wins).
  process.env.JAVA_TOOL_OPTIONS = [process.env.JAVA_TOOL_OPTIONS, '-XX:TieredStopAtLevel=4'].filter(Boolean).join(' ');
  const dynamo = await startDynamoDbLocal();
  try {
    const admin = createLocalDynamoDbClient(dynamo.endpoint);
    await ensureTable(admin, TABLE);
    const issuer = await createLocalIssuer({ keyDir: join(work, 'issuer') });
    const config: AppConfig = {
      stage: 'local',
      region,
      tableName: TABLE,
      dynamodbEndpoint: dynamo.endpoint,
      auth: { issuer: LOCAL_ISSUER, audiences: [LOCAL_CLIENT_ID], jwks: readPublicJwks(join(work, 'issuer')) },
      introspection: false,
      // The per-caller limiter adds one UpdateItem per request; benchmarks measure the data path.
      rateLimitPerMinute: 0,
    };
    const client = createDocumentClient({ region, endpoint: dynamo.endpoint });
    const requests = countRequests(client);
    const handler = createGraphqlHandler(config, { client });
    const seeder = DynamoDBDocumentClient.from(admin);

    const tokens = new Map<string, string>();
    const call = async (sub: string, query: string, variables: Record<string, unknown>) => {
      // Tokens are signed once per person: a client reuses its token, and signing is not what is measured.
      const token = tokens.get(sub) ?? (await issuer.issueToken({ sub, name: sub }));
      tokens.set(sub, token);
      const result = await handler(event({ query, variables }, token), CONTEXT);
      const body = JSON.parse(result.body ?? '{}');
      if (body.errors) throw new Error(`${query.slice(0, 40)}...: ${JSON.stringify(body.errors)}`);
      return body.data;
    };

    // 1. One couple per size, through the API; its history seeded with the repositories' own item builders.
    const couples: { size: number; sub: string; coupleId: string }[] = [];
    for (const size of SIZES) {
      const [ana, ben] = [`ana-${size}`, `ben-${size}`];
      const created = await call(
        ana,
        'mutation { createCouple(input: { timezone: "Europe/Berlin" }) { couple { id } invite { code } } }',
        {},
      );
      await call(ben, 'mutation($code: String!) { joinCouple(input: { code: $code }) { id } }', { code: created.createCouple.invite.code });
      const coupleId = created.createCouple.couple.id as string;
      const seedStarted = performance.now();
      await seedReflections(seeder, TABLE, {
        coupleId: fromGlobalId(coupleId)?.localId as string,
        partnerIds: [ana, ben],
        timezone: 'Europe/Berlin',
        count: size,
        newestAt: new Date(Date.now() - 3_600_000).toISOString(),
        // every history spans about a year: 5,000 is 14 a day, 10 is one every five weeks
        stepMinutes: Math.floor(YEAR_MINUTES / size),
        shape: (i) => ({
          author: (i % 2) as 0 | 1,
          closeness: ((i * 7) % 10) + 1,
          feelings: [...new Set([FEELINGS[i % FEELINGS.length], FEELINGS[(i * 5) % FEELINGS.length]])] as Feeling[],
          shared: i % 3 !== 0,
          sessionId: null,
        }),
      });
      console.log(`seeded ${size} reflections in ${Math.round(performance.now() - seedStarted)} ms`);
      couples.push({ size, sub: ana, coupleId });
    }

    // 2. Warm up every operation on every couple, then measure them interleaved (run by run, size by
    //    size) so that JIT warm-up, GC and machine noise fall on both sizes alike.
    const operations: [string, string, Record<string, unknown>, (data: any) => number][] = [
      ['first history page (20)', FIRST_PAGE, {}, (d) => d.couple.reflections.edges.length],
      [
        'first page, feelings [LONELY, HURT]',
        FIRST_PAGE,
        { filter: { feelings: ['LONELY', 'HURT'] } },
        (d) => d.couple.reflections.edges.length,
      ],
      ['health (all fields, 90-day series)', HEALTH, {}, (d) => d.couple.health.closenessSeries.length],
      // The same operations sized so that both histories return as much: what history length alone costs.
      ['first page of 8 (8 returned at both)', FIRST_PAGE, { first: 8 }, (d) => d.couple.reflections.edges.length],
      ['health without closenessSeries', HEALTH_METRICS, {}, () => 1],
    ];
    const samples = new Map<string, { times: number[]; counts: Set<number>; items: number }>();
    const sampleOf = (operation: string, size: number) => {
      const key = `${operation}|${size}`;
      if (!samples.has(key)) samples.set(key, { times: [], counts: new Set(), items: 0 });
      return samples.get(key)!;
    };
    for (let run = -WARMUP; run < RUNS; run += 1) {
      for (const [operation, query, variables, countItems] of operations) {
        for (const couple of couples) {
          requests.reset();
          const started = performance.now();
          const data = await call(couple.sub, query, { ...variables, id: couple.coupleId });
          const elapsed = performance.now() - started;
          if (run < 0) continue;
          const sample = sampleOf(operation, couple.size);
          sample.times.push(elapsed);
          sample.counts.add(requests.total);
          sample.items = countItems(data);
        }
      }
    }
    const rows = operations.flatMap(([operation]) =>
      SIZES.map((size) => {
        const sample = sampleOf(operation, size);
        if (sample.counts.size !== 1) throw new Error(`${operation}: request count varied between runs: ${[...sample.counts].join(', ')}`);
        return { size, operation, requests: [...sample.counts][0] as number, medianMs: median(sample.times), items: sample.items };
      }),
    );

    console.log(
      `\nReflections benchmark: ${RUNS} runs each after ${WARMUP} warm-up runs, DynamoDB Local, real handler (token verification included)\n`,
    );
    console.log('| operation                            | reflections | items returned | DynamoDB requests | median ms |');
    console.log('|--------------------------------------|------------:|---------------:|------------------:|----------:|');
    for (const row of rows) {
      console.log(
        `| ${row.operation.padEnd(36)} | ${String(row.size).padStart(11)} | ${String(row.items).padStart(14)} | ${String(row.requests).padStart(17)} | ${row.medianMs.toFixed(1).padStart(9)} |`,
      );
    }
    console.log('');
    let ok = true;
    const [smallest, middle, largest] = SIZES as [number, number, number];
    const rowOf = (operation: string, size: number) => rows.find((r) => r.operation === operation && r.size === size)!;
    for (const operation of [...new Set(rows.map((r) => r.operation))]) {
      const [small, mid, large] = [rowOf(operation, smallest), rowOf(operation, middle), rowOf(operation, largest)];
      const ratio = large.medianMs / small.medianMs;
      const sameRequests = new Set([small.requests, mid.requests, large.requests]).size === 1;
      const pass = sameRequests && ratio <= 1.5;
      ok &&= pass;
      console.log(
        `${pass ? 'PASS' : 'FAIL'} ${operation}: requests ${small.requests} / ${mid.requests} / ${large.requests} (${sameRequests ? 'same' : 'DIFFERENT'}); ` +
          `latency x${ratio.toFixed(2)} at ${largest} vs ${smallest} (target <= 1.5), x${(large.medianMs / mid.medianMs).toFixed(2)} at ${largest} vs ${middle}`,
      );
    }
    client.destroy();
    admin.destroy();
    if (!ok) process.exitCode = 1;
  } finally {
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
