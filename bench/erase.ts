/**
 * deleteMyAccount for a large account (the one bench:export reads: 5,000
 * reflections, 500 of them revised twice, beside a partner's 500), through
 * the real GraphQL handler against DynamoDB Local. Prints the time of the
 * one erasure, its DynamoDB requests by command, and checks with a
 * whole-table scan (bench-only, like the tests' scan) that nothing of the
 * person is left and that every reflection of the partner is.
 *
 * What it answers (issue 10, item 2): a large account cannot be erased in
 * one request of the GraphQL Lambda (timeout GRAPHQL_TIMEOUT_SECONDS), so
 * each request erases for ERASURE_REQUEST_BUDGET_MS and answers; the same
 * mutation again (or the erasure sweep) goes on. Printed: how many requests
 * it takes, the longest one, and the total time and DynamoDB requests.
 *
 *   npm run bench:erase
 */
import { reflectionKey } from '../functions/reflections/reflection.repository';
import { toGlobalId } from '../functions/shared/ids/global-id';
import { itemsHolding, scanTable } from '../tests/support/table-scan';
import { reportChecks, runBench, startBenchApi } from './support/bench-api';
import { PARTNERS, seedLargeAccount } from './support/large-account';

/** infra/constructs/graphql-api.ts GRAPHQL_TIMEOUT (not imported: that would load aws-cdk-lib). */
const GRAPHQL_TIMEOUT_SECONDS = 10;
const ERASE = 'mutation { deleteMyAccount(input: { confirm: true }) { deletedId } }';

async function main(): Promise<void> {
  // A benchmark wants DynamoDB Local's steady state: the full JIT back on (the tests start it with C1 only).
  process.env.JAVA_TOOL_OPTIONS = [process.env.JAVA_TOOL_OPTIONS, '-XX:TieredStopAtLevel=4'].filter(Boolean).join(' ');
  const api = await startBenchApi();
  try {
    const [ana, ben] = ['ana-erase', 'ben-erase'];
    const { seeded, revised } = await seedLargeAccount(api, ana, ben);
    await api.as(ana, '{ me { scopes } }'); // warm: token verification's first JWKS use, the Apollo plan cache

    api.requests.reset();
    // Each deleteMyAccount erases for at most ERASURE_REQUEST_BUDGET_MS, then answers with the account
    // closed; a client (or the erasure sweep) sends it again until it is done. After DONE the person's
    // token is refused: that ends the loop.
    const times: number[] = [];
    for (let request = 0; request < 50; request += 1) {
      const started = performance.now();
      const done = await api.as(ana, ERASE).then(
        () => false,
        (error: Error) => {
          if (!error.message.includes('UNAUTHENTICATED')) throw error;
          return true;
        },
      );
      if (done) break;
      times.push(performance.now() - started);
    }
    const elapsed = times.reduce((sum, t) => sum + t, 0);
    const counts = { ...api.requests.byCommand };
    const total = api.requests.total;

    const items = await scanTable(api);
    const left = itemsHolding(items, [ana, toGlobalId('Person', ana)]);
    const partnersLeft = seeded
      .filter((r) => r.authorId === ben)
      .filter((r) => items.some((i) => i.pk === reflectionKey(r.id).pk && i.sk === reflectionKey(r.id).sk));

    console.log(`\nErasure benchmark: deleteMyAccount until DONE, DynamoDB Local, real handler (node ${process.version})\n`);
    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(`| reflections erased (${revised.length} revised twice) | ${seeded.length - PARTNERS} |`);
    console.log(`| deleteMyAccount requests until DONE | ${times.length} |`);
    console.log(`| longest request | ${Math.max(...times).toFixed(0)} ms (GraphQL Lambda timeout ${GRAPHQL_TIMEOUT_SECONDS} s) |`);
    console.log(`| total erasure time | ${elapsed.toFixed(0)} ms |`);
    console.log(`| DynamoDB requests | ${total} |`);
    for (const [command, count] of Object.entries(counts).sort()) console.log(`| - ${command} | ${count} |`);
    console.log('');
    reportChecks([
      [left.length === 0, `no item holds the person's id (${left.length} found)`],
      [partnersLeft.length === PARTNERS, `every reflection of the partner kept (${partnersLeft.length} of ${PARTNERS})`],
      [Math.max(...times) < GRAPHQL_TIMEOUT_SECONDS * 1000, `every request answered within the Lambda's ${GRAPHQL_TIMEOUT_SECONDS} s`],
    ]);
  } finally {
    await api.stop();
  }
}

runBench(main);
