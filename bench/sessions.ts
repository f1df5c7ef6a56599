/**
 * `npm run bench:sessions`: DynamoDB requests and median latency through the
 * GraphQL handler (real handler, DynamoDB Local in memory) for
 * - `session(id)` with its prompts, answers and authors, at 3 and 10 prompts;
 * - a page of `couple.sessions` (10 sessions with prompts and answers) with
 *   10 and with 1,000 sessions in the couple's history.
 * Targets (issue 3): the same request count for 3 and 10 prompts; page
 * latency at 1,000 sessions within 1.5x of that at 10. Exits 1 if missed.
 */
import { localIdOf, toGlobalId } from '../functions/shared/ids/global-id';
import { median, startBenchApi, type BenchApi } from './support/bench-api';
import { historyItems } from './support/session-history';

const RUNS = 30;
const WARM_UP = 3;
const PAGE_SIZE = 10;

const SESSION_QUERY = `query($id: ID!) { session(id: $id) {
  id status startedAt completedAt bothParticipated startedBy { displayName }
  prompts { position prompt { text theme depth followUps } answers { author { displayName } text answeredAt } waitingOn { displayName } }
} }`;

const PAGE_QUERY = `query($id: ID!, $first: Int) { couple(id: $id) { sessions(first: $first) {
  edges { cursor node { id status startedAt bothParticipated prompts { prompt { text } answers { author { displayName } text } } } }
  pageInfo { hasNextPage endCursor }
} } }`;

interface Scenario {
  name: string;
  run: () => Promise<void>;
  latencies: number[];
  requests?: Record<string, number>;
}

/** Forms an ACTIVE couple of `a` and `b` through the API; returns its local id. */
async function activeCouple(api: BenchApi, a: string, b: string): Promise<string> {
  const created = await api.as(a, 'mutation { createCouple(input: {}) { couple { id } invite { code } } }');
  await api.as(b, 'mutation($code: String!) { joinCouple(input: { code: $code }) { id } }', { code: created.createCouple.invite.code });
  return localIdOf(created.createCouple.couple.id, 'Couple') as string;
}

async function measure(api: BenchApi, scenarios: Scenario[]): Promise<void> {
  for (const scenario of scenarios) {
    for (let n = 0; n < WARM_UP; n += 1) await scenario.run();
    api.requests.reset();
    await scenario.run();
    scenario.requests = { ...api.requests.byCommand };
  }
  // Interleaved, so that drift (JIT, GC, DynamoDB Local warming up) hits every scenario alike.
  for (let n = 0; n < RUNS; n += 1) {
    for (const scenario of scenarios) {
      const started = process.hrtime.bigint();
      await scenario.run();
      scenario.latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
}

function total(requests: Record<string, number> | undefined): number {
  return Object.values(requests ?? {}).reduce((sum, n) => sum + n, 0);
}

async function main(): Promise<void> {
  console.log('Starting DynamoDB Local and seeding...');
  const api = await startBenchApi();
  try {
    // session(id): one couple, a 3-prompt and a 10-prompt session, every prompt answered by both.
    const detail = await activeCouple(api, 'dana', 'devi');
    const three = historyItems(detail, ['dana', 'devi'], 1, 3, 3);
    const ten = historyItems(detail, ['dana', 'devi'], 1, 10, 10);
    await api.seed([...three.items, ...ten.items]);

    // couple.sessions: a couple with 10 sessions and one with 1,000, one prompt of each answered by both.
    const small = await activeCouple(api, 'sam', 'sky');
    const large = await activeCouple(api, 'lee', 'lou');
    const seedStarted = Date.now();
    await api.seed(historyItems(small, ['sam', 'sky'], 10, 3, 1).items);
    await api.seed(historyItems(large, ['lee', 'lou'], 1000, 3, 1).items);
    console.log(`Seeded 1,010 sessions with 2,020 answers in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s\n`);

    const sessionRun = (id: string, count: number) => async () => {
      const data = await api.as('dana', SESSION_QUERY, { id: toGlobalId('ReconnectSession', id) });
      if (data.session.prompts.length !== count || data.session.prompts.some((p: { answers: unknown[] }) => p.answers.length !== 2)) {
        throw new Error(`session(id) returned an unexpected shape for ${count} prompts`);
      }
    };
    const pageRun = (coupleId: string, sub: string) => async () => {
      const data = await api.as(sub, PAGE_QUERY, { id: toGlobalId('Couple', coupleId), first: PAGE_SIZE });
      if (data.couple.sessions.edges.length !== PAGE_SIZE) throw new Error('couple.sessions returned a short page');
    };
    const scenarios: Scenario[] = [
      { name: 'session(id), 3 prompts', run: sessionRun(three.ids[0] as string, 3), latencies: [] },
      { name: 'session(id), 10 prompts', run: sessionRun(ten.ids[0] as string, 10), latencies: [] },
      { name: `couple.sessions(first: ${PAGE_SIZE}), 10 in history`, run: pageRun(small, 'sam'), latencies: [] },
      { name: `couple.sessions(first: ${PAGE_SIZE}), 1,000 in history`, run: pageRun(large, 'lee'), latencies: [] },
    ];
    await measure(api, scenarios);

    const rows = scenarios.map((s) => ({
      scenario: s.name,
      requests: `${total(s.requests)} (${Object.entries(s.requests ?? {})
        .map(([command, n]) => `${command.replace(/Command$/, '')} ${n}`)
        .join(', ')})`,
      median: median(s.latencies).toFixed(1),
    }));
    const width = (key: 'scenario' | 'requests' | 'median', title: string) => Math.max(title.length, ...rows.map((r) => r[key].length));
    const [w1, w2, w3] = [width('scenario', 'scenario'), width('requests', 'DynamoDB requests'), width('median', 'median ms')];
    console.log(`${'scenario'.padEnd(w1)}  ${'DynamoDB requests'.padEnd(w2)}  ${'median ms'.padStart(w3)}`);
    console.log(`${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ${'-'.repeat(w3)}`);
    for (const r of rows) console.log(`${r.scenario.padEnd(w1)}  ${r.requests.padEnd(w2)}  ${r.median.padStart(w3)}`);

    const [s3, s10, p10, p1000] = scenarios as [Scenario, Scenario, Scenario, Scenario];
    const sameRequests = JSON.stringify(s3.requests) === JSON.stringify(s10.requests);
    const ratio = median(p1000.latencies) / median(p10.latencies);
    console.log(`\n(${RUNS} runs each after ${WARM_UP} warm-up runs, interleaved; Node ${process.version}, DynamoDB Local in memory)`);
    console.log(`target: same request count for 3 and 10 prompts ... ${sameRequests ? 'met' : 'MISSED'}`);
    console.log(`target: page latency at 1,000 within 1.5x of 10 ..... ${ratio <= 1.5 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x)`);
    if (!sameRequests || ratio > 1.5) process.exitCode = 1;
  } finally {
    await api.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
