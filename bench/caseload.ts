/**
 * `npm run bench:caseload`: a practice's caseload page through the real
 * GraphQL handler (DynamoDB Local in memory). Two practices, one with 20
 * couples on its caseload and one with 500; a counselor of each reads the
 * first page of 20 in each order (DRIFT_RISK, LAST_RECONNECTED, NEWEST)
 * with every couple's status, last reconnect and health.
 *
 * Targets (issue 9): the same number of DynamoDB requests at 20 and at 500
 * couples, for every order; latency at 500 within 1.5x of that at 20; the
 * request count of a page with each couple's health is fixed (no request per
 * couple). Exits 1 if missed. Couples, grants and care watches are seeded
 * with the repositories' own item builders, so keys and indexes are real.
 *
 *   npm run bench:caseload           (RUNS=60 for more runs; default 30)
 */
import { coupleItem } from '../functions/couples/couple.repository';
import type { Couple } from '../functions/couples/couple.model';
import { computeHealth } from '../functions/health/health-formulas';
import { localDateOf } from '../functions/shared/time/local-days';
import { personKey } from '../functions/people/person.repository';
import { careWatchItem } from '../functions/practices/care-watch.repository';
import { grantItem } from '../functions/practices/grant.repository';
import type { CareGrant } from '../functions/practices/practice.model';
import { memberItem, practiceItem } from '../functions/practices/practice.repository';
import type { Item } from '../functions/shared/data/table';
import { toGlobalId } from '../functions/shared/ids/global-id';
import { median, startBenchApi } from './support/bench-api';

const RUNS = Number(process.env.RUNS ?? 30);
const WARM_UP = 5;
const SIZES = [20, 500] as const;
const ORDERS = ['DRIFT_RISK', 'LAST_RECONNECTED', 'NEWEST'] as const;
const RISKS = ['LOW', 'MEDIUM', 'HIGH'] as const;

const PAGE = `query($id: ID!, $orderBy: CaseloadOrder) {
  practice(id: $id) {
    couples(orderBy: $orderBy, first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { scope grantedAt couple { id status lastReconnectedAt health { driftRisk driftSignals daysSinceLastReconnect closenessAverage30d } } } }
    }
  }
}`;

/** Items of a practice with `size` couples on its caseload, each with an active grant and an evaluated care watch. */
function caseloadItems(practiceId: string, counselor: string, size: number, now: Date): Item[] {
  const items: Item[] = [
    practiceItem({ id: practiceId, name: `Practice ${size}`, createdAt: '2026-01-01T00:00:00.000Z', adminCount: 1, caseloadCount: size }),
    memberItem({ practiceId, personId: counselor, role: 'ADMIN', addedAt: '2026-01-01T00:00:00.000Z' }),
    { ...personKey(counselor), type: 'Person', personId: counselor, displayName: counselor, createdAt: '2026-01-01T00:00:00.000Z' },
  ];
  for (let n = 0; n < size; n += 1) {
    const [a, b] = [`${practiceId}-a${n}`, `${practiceId}-b${n}`];
    const coupleId = `${practiceId}-couple-${n}`;
    const activatedAt = new Date(now.getTime() - (200 - (n % 150)) * 86_400_000).toISOString();
    const couple: Couple = {
      id: coupleId,
      status: 'ACTIVE',
      partnerIds: [a, b],
      createdAt: activatedAt,
      activatedAt,
      endedAt: null,
      plan: { sessionsPerMonth: 3, reminderTime: '19:00', timezone: 'Europe/Berlin', pausedUntil: null },
      lastReconnectedAt: new Date(now.getTime() - ((n * 7) % 40) * 86_400_000).toISOString(),
      scheduledReminderAt: new Date(now.getTime() + 86_400_000).toISOString(),
      invite: null,
      version: 2,
    };
    const risk = RISKS[n % 3] as (typeof RISKS)[number];
    const grantedAt = new Date(now.getTime() - (size - n) * 3_600_000).toISOString();
    const grant: CareGrant = {
      coupleId,
      practiceId,
      partnerGrants: [
        { personId: a, scope: 'REFLECTIONS', grantedAt },
        { personId: b, scope: 'SUMMARY', grantedAt },
      ],
      active: true,
      scope: 'SUMMARY',
      activeSince: grantedAt,
      revokedAt: null,
      revokedBy: null,
      caseload: { driftRisk: risk, reconnectAnchor: couple.lastReconnectedAt as string },
      version: 2,
    };
    const today = localDateOf(now, couple.plan.timezone);
    const metrics = computeHealth({ couple, now, today, rollups: { personDays: [], coupleDays: [] } });
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString();
    items.push(
      coupleItem(couple, now),
      { ...personKey(a), type: 'Person', personId: a, displayName: `A${n}`, createdAt: activatedAt, activeCoupleId: coupleId },
      { ...personKey(b), type: 'Person', personId: b, displayName: `B${n}`, createdAt: activatedAt, activeCoupleId: coupleId },
      grantItem(grant),
      careWatchItem({
        coupleId,
        rev: 1,
        driftRisk: risk,
        health: { ...metrics },
        healthDate: today,
        validUntil: tomorrow,
        dueAt: tomorrow,
      }),
    );
  }
  return items;
}

async function main(): Promise<void> {
  const api = await startBenchApi();
  try {
    const now = new Date();
    const practices = SIZES.map((size) => ({ size, practiceId: `bench-practice-${size}`, counselor: `counselor-${size}` }));
    const started = Date.now();
    for (const p of practices) await api.seed(caseloadItems(p.practiceId, p.counselor, p.size, now));
    console.log(`Seeded caseloads of ${SIZES.join(' and ')} couples in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const samples = new Map<string, { times: number[]; requests: Set<number>; couples: number; total: number }>();
    for (let run = -WARM_UP; run < RUNS; run += 1) {
      for (const orderBy of ORDERS) {
        for (const p of practices) {
          api.requests.reset();
          const t0 = performance.now();
          const data = await api.as(p.counselor, PAGE, { id: toGlobalId('Practice', p.practiceId), orderBy });
          const elapsed = performance.now() - t0;
          if (run === -WARM_UP && process.env.DEBUG_REQUESTS) console.log(orderBy, p.size, JSON.stringify(api.requests.byCommand));
          if (run < 0) continue;
          const key = `${orderBy}|${p.size}`;
          const sample = samples.get(key) ?? { times: [], requests: new Set<number>(), couples: 0, total: 0 };
          sample.times.push(elapsed);
          sample.requests.add(api.requests.total);
          sample.couples = data.practice.couples.edges.length;
          sample.total = data.practice.couples.totalCount;
          samples.set(key, sample);
        }
      }
    }

    console.log(`\nCaseload benchmark: first page of 20 with each couple's health, ${RUNS} runs after ${WARM_UP} warm-up runs (median)\n`);
    console.log('| order            | caseload | couples on page | totalCount | DynamoDB requests | median ms |');
    console.log('|------------------|---------:|----------------:|-----------:|------------------:|----------:|');
    for (const orderBy of ORDERS) {
      for (const size of SIZES) {
        const s = samples.get(`${orderBy}|${size}`)!;
        console.log(
          `| ${orderBy.padEnd(16)} | ${String(size).padStart(8)} | ${String(s.couples).padStart(15)} | ${String(s.total).padStart(10)} | ${[...s.requests].join('/').padStart(17)} | ${median(s.times).toFixed(1).padStart(9)} |`,
        );
      }
    }
    console.log('\nTargets: same request count at 20 and 500 couples (fixed per page); latency at 500 within 1.5x of 20.');
    let ok = true;
    for (const orderBy of ORDERS) {
      const small = samples.get(`${orderBy}|20`)!;
      const large = samples.get(`${orderBy}|500`)!;
      const fixed = small.requests.size === 1 && large.requests.size === 1 && [...small.requests][0] === [...large.requests][0];
      const ratio = median(large.times) / median(small.times);
      const pass = fixed && ratio <= 1.5;
      ok &&= pass;
      console.log(
        `${pass ? 'PASS' : 'FAIL'} ${orderBy}: requests ${[...small.requests].join('/')} at 20, ${[...large.requests].join('/')} at 500 (${fixed ? 'same, fixed' : 'DIFFERENT'}); latency x${ratio.toFixed(2)} (target <= 1.5)`,
      );
    }
    if (!ok) process.exitCode = 1;
  } finally {
    await api.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
