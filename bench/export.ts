/**
 * exportMyData for a large account: a couple where one partner wrote 5,000
 * reflections over a year (every tenth revised twice) and the other 500,
 * through the real GraphQL handler against DynamoDB Local. Prints the time
 * (median of RUNS), the DynamoDB requests by command, the largest page read
 * and the document's size.
 *
 * Targets (issue 10, item 1): paged reads, never one giant request: requests
 * grow with the account in steps of a page (500 list entries per Query, 100
 * reflections per BatchGetItem, one Query per revised reflection); the
 * document holds every one of the 5,000 reflections and no partner's text.
 *
 *   npm run bench:export          (RUNS=5 for more runs; default 3)
 */
import { toGlobalId } from '../functions/shared/ids/global-id';
import { median, reportChecks, runBench, startBenchApi } from './support/bench-api';
import { MINE, seedLargeAccount } from './support/large-account';

const RUNS = Number(process.env.RUNS ?? 3);
const EXPORT = 'mutation { exportMyData { generatedAt json } }';

async function main(): Promise<void> {
  // A benchmark wants DynamoDB Local's steady state: the full JIT back on (the tests start it with C1 only).
  process.env.JAVA_TOOL_OPTIONS = [process.env.JAVA_TOOL_OPTIONS, '-XX:TieredStopAtLevel=4'].filter(Boolean).join(' ');
  const api = await startBenchApi();
  try {
    const call = async (sub: string, query: string, variables: Record<string, unknown> = {}) => {
      const data = await api.as(sub, query, variables);
      // The body is `{"data":…}`: re-serialised, the same bytes (`as` parsed it; errors already threw).
      return { data, bytes: Buffer.byteLength(JSON.stringify({ data })) };
    };

    const [ana, ben] = ['ana-export', 'ben-export'];
    const { seeded, revised } = await seedLargeAccount(api, ana, ben);

    const times: number[] = [];
    let counts: Record<string, number> = {};
    let total = 0;
    let bytes = 0;
    let document: any;
    await call(ana, '{ me { scopes } }'); // warm: token verification's first JWKS use, the Apollo plan cache
    for (let run = 0; run < RUNS; run += 1) {
      api.requests.reset();
      const started = performance.now();
      const result = await call(ana, EXPORT);
      times.push(performance.now() - started);
      counts = { ...api.requests.byCommand };
      total = api.requests.total;
      bytes = result.bytes;
      document = JSON.parse(result.data.exportMyData.json);
    }
    const reflections = document.couples.flatMap((c: any) => c.reflections);
    const revisions = reflections.reduce((n: number, r: any) => n + r.revisions.length, 0);
    const text = JSON.stringify(document);
    const partnerText = seeded.filter((r) => r.authorId === ben).some((r) => text.includes(toGlobalId('Reflection', r.id)));

    console.log(`\nExport benchmark: ${RUNS} runs, DynamoDB Local, real handler (token verification included)\n`);
    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(`| reflections exported (caller's) | ${reflections.length} |`);
    console.log(`| revisions exported | ${revisions} |`);
    console.log(`| median time | ${median(times).toFixed(0)} ms |`);
    console.log(`| DynamoDB requests | ${total} |`);
    for (const [command, count] of Object.entries(counts).sort()) console.log(`| - ${command} | ${count} |`);
    console.log(`| response size | ${(bytes / 1024 / 1024).toFixed(2)} MiB (Lambda's response limit: 6 MiB) |`);
    console.log('');
    const queryBound = Math.ceil(MINE / 500) + revised.length + 20;
    const batchBound = Math.ceil(MINE / 100) + 5;
    const checks: [boolean, string][] = [
      [reflections.length === MINE, `every reflection of the caller exported (${reflections.length} of ${MINE})`],
      [revisions === revised.length * 2, `every revision exported (${revisions} of ${revised.length * 2})`],
      [!partnerText, 'no partner reflection in the document'],
      [
        (counts.QueryCommand ?? 0) <= queryBound,
        `Queries ${counts.QueryCommand} <= ${queryBound} (pages of 500 + one per revised reflection + fixed)`,
      ],
      [
        (counts.BatchGetItemCommand ?? 0) <= batchBound,
        `BatchGetItem ${counts.BatchGetItemCommand} <= ${batchBound} (100 reflections each)`,
      ],
    ];
    reportChecks(checks);
  } finally {
    await api.stop();
  }
}

runBench(main);
