/**
 * `npm run bench:sweep`: what one reminder sweep reads, through the sweep
 * Lambda's own handler factory (real DynamoDB Local, in memory):
 *
 * 1. 20,000 couples, 200 of them due: ACTIVE couples due later, paused
 *    couples, AWAITING_PARTNER and ENDED couples make up the rest.
 * 2. 20,000 more couples, none due, and a sweep at a fresh instant at which
 *    the same 200 are due again (their follow-up reminder).
 *
 * It prints the items read (ScannedCount of every Query, plus items from
 * GetItem/BatchGetItem), the requests by command and the time of each
 * sweep. Targets (issue 5): items read at most 1.1x the due count; doubling
 * the non-due couples leaves the reads unchanged. Exits 1 if missed.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Couple } from '../functions/couples/couple.model';
import { coupleItem } from '../functions/couples/couple.repository';
import { createSweepHandler } from '../functions/reminders/create-sweep-handler';
import type { SweepResult } from '../functions/reminders/sweep';
import { createDocumentClient } from '../functions/shared/data/dynamo-client';
import { countRequests, type RequestCounter } from '../tests/support/request-counter';
import type { Item } from '../functions/shared/data/table';
import type { DomainEvent } from '../functions/shared/events/domain-event';
import type { EventPublisher } from '../functions/shared/events/publisher';
import { newLocalId } from '../functions/shared/ids/global-id';
import { fixedClock } from '../functions/shared/time/clock';
import { createLocalDynamoDbClient } from '../local/dynamodb/client';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';
import { ensureTable } from '../local/dynamodb/ensure-table';
import { seededRandom } from '../tests/support/seeded-random';
import { prepareBenchEnvironment } from './support/bench-api';

const COUPLES = 20_000;
const DUE = 200;
const TABLE = 'reconnect-bench-sweep';
const DAY = 86_400_000;
/** First sweep: every due couple's reminder instant. */
const T1 = new Date('2026-12-06T19:00:00.000Z');
/** Second sweep: the due couples' follow-up (3 per month: half an interval, 5 days, later). */
const T2 = new Date(T1.getTime() + 5 * DAY);
/** Parallel BatchWriteItem requests while seeding. */
const SEED_CONCURRENCY = 8;

/** Counts the items a client reads: ScannedCount of each Query (what DynamoDB read, before any filter) and items of key reads. */
interface ItemsRead {
  total: number;
  byCommand: Record<string, number>;
  reset(): void;
}

function countItemsRead(client: DynamoDBDocumentClient): ItemsRead {
  const counter: ItemsRead = {
    total: 0,
    byCommand: {},
    reset() {
      counter.total = 0;
      counter.byCommand = {};
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const output = result.output as { ScannedCount?: number; Count?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
      let read = 0;
      if (context.commandName === 'QueryCommand') read = output.ScannedCount ?? output.Count ?? 0;
      if (context.commandName === 'GetItemCommand') read = output.Item ? 1 : 0;
      if (context.commandName === 'BatchGetItemCommand')
        read = Object.values(output.Responses ?? {}).reduce((sum, items) => sum + items.length, 0);
      if (!['QueryCommand', 'GetItemCommand', 'BatchGetItemCommand'].includes(String(context.commandName))) return result;
      counter.total += read;
      // Queries by index: byDue (the due entries), gsi1 (the outbox relay and each due couple's recent sessions for the draw).
      const index = (args.input as { IndexName?: string }).IndexName;
      const name = `${String(context.commandName).replace(/Command$/, '')}${index ? `(${index})` : ''}`;
      counter.byCommand[name] = (counter.byCommand[name] ?? 0) + read;
      return result;
    },
    { step: 'initialize', name: 'benchItemsRead' },
  );
  return counter;
}

/** A publisher that accepts every event (the sweep's events are not what is measured). */
function collectingPublisher(): EventPublisher & { events: DomainEvent[] } {
  const events: DomainEvent[] = [];
  return {
    events,
    async publish(batch) {
      events.push(...batch);
    },
  };
}

/**
 * `count` couples built with the couple repository's own item builder (so
 * keys and the sparse index attributes are the real ones). `dueCount` of
 * them are due at T1; the others are spread over the shapes a real table
 * holds: ACTIVE and due later, paused, AWAITING_PARTNER, ENDED.
 */
function couples(count: number, dueCount: number): Item[] {
  const writtenAt = new Date(T1.getTime() - 10 * DAY);
  const items: Item[] = [];
  for (let n = 0; n < count; n += 1) {
    const activatedAt = new Date(T1.getTime() - 10 * DAY - (n % 7) * 3_600_000).toISOString();
    const base: Couple = {
      id: newLocalId(),
      status: 'ACTIVE',
      partnerIds: [`p${n}-a-${newLocalId()}`, `p${n}-b-${newLocalId()}`],
      createdAt: activatedAt,
      activatedAt,
      endedAt: null,
      plan: { sessionsPerMonth: 3, reminderTime: '19:00', timezone: 'UTC', pausedUntil: null },
      lastReconnectedAt: null,
      scheduledReminderAt: T1.toISOString(),
      invite: null,
      consecutiveUnansweredReminders: 0,
      openReminderIds: [],
      version: 2,
    };
    // Due later than both sweeps: 10 to 40 days after T1.
    const later = new Date(T1.getTime() + (10 + (n % 31)) * DAY).toISOString();
    let couple: Couple;
    if (n < dueCount) couple = base;
    else if (n % 10 === 0)
      couple = {
        ...base,
        plan: { ...base.plan, pausedUntil: new Date(T2.getTime() + 30 * DAY).toISOString() },
        scheduledReminderAt: later,
      };
    else if (n % 10 === 1)
      couple = {
        ...base,
        status: 'AWAITING_PARTNER',
        partnerIds: base.partnerIds.slice(0, 1),
        activatedAt: null,
        scheduledReminderAt: null,
      };
    else if (n % 10 === 2) couple = { ...base, status: 'ENDED', endedAt: activatedAt, scheduledReminderAt: null };
    else couple = { ...base, scheduledReminderAt: later };
    items.push(coupleItem(couple, writtenAt));
  }
  return items;
}

async function seed(client: DynamoDBDocumentClient, items: Item[]): Promise<void> {
  const batches: Item[][] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as Item[];
      let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending as never } }));
        pending = (result.UnprocessedItems?.[TABLE] as Record<string, unknown>[] | undefined) ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}

interface Measured {
  label: string;
  couples: number;
  result: SweepResult;
  itemsRead: number;
  readsBy: Record<string, number>;
  requests: Record<string, number>;
  ms: number;
}

async function measure(
  label: string,
  couplesInTable: number,
  now: Date,
  sweep: ReturnType<typeof createSweepHandler>,
  counters: { items: ItemsRead; requests: RequestCounter },
): Promise<Measured> {
  counters.items.reset();
  counters.requests.reset();
  const started = process.hrtime.bigint();
  const result = await sweep({ now: now.toISOString() }, { getRemainingTimeInMillis: () => 300_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    label,
    couples: couplesInTable,
    result,
    itemsRead: counters.items.total,
    readsBy: { ...counters.items.byCommand },
    requests: { ...counters.requests.byCommand },
    ms,
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');
const byCommand = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([command, n]) => `${command.replace(/Command$/, '')} ${fmt(n)}`)
    .join(', ');

async function main(): Promise<void> {
  const { region } = prepareBenchEnvironment();

  console.log('Starting DynamoDB Local (in memory)...');
  const dynamodb = await startDynamoDbLocal();
  try {
    const admin = createLocalDynamoDbClient(dynamodb.endpoint);
    await ensureTable(admin, TABLE);
    admin.destroy();

    const seeder = createDocumentClient({ region, endpoint: dynamodb.endpoint });
    const client = createDocumentClient({ region, endpoint: dynamodb.endpoint });
    const counters = { items: countItemsRead(client), requests: countRequests(client) };
    const publisher = collectingPublisher();
    const sweep = createSweepHandler(
      { stage: 'local', region, tableName: TABLE, dynamodbEndpoint: dynamodb.endpoint },
      { client, events: publisher, random: seededRandom(2026), clock: fixedClock(T1) },
    );

    let seedStarted = Date.now();
    await seed(seeder, couples(COUPLES, DUE));
    console.log(
      `Seeded ${fmt(COUPLES)} couples (${fmt(DUE)} due at ${T1.toISOString()}) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    const first = await measure(`${fmt(COUPLES)} couples, ${fmt(DUE)} due`, COUPLES, T1, sweep, counters);

    seedStarted = Date.now();
    await seed(seeder, couples(COUPLES, 0));
    console.log(`Seeded ${fmt(COUPLES)} more couples, none due, in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
    const second = await measure(
      `${fmt(2 * COUPLES)} couples, ${fmt(DUE)} due (follow-ups at ${T2.toISOString()})`,
      2 * COUPLES,
      T2,
      sweep,
      counters,
    );
    seeder.destroy();
    client.destroy();

    console.log('');
    const rows = [first, second];
    const header = ['sweep', 'due', 'reminders', 'items read', 'requests', 'time'];
    const cells = rows.map((r) => [
      r.label,
      fmt(r.result.dueCouples),
      fmt(r.result.remindersCreated),
      `${fmt(r.itemsRead)} (${byCommand(r.readsBy) || 'none'})`,
      `${fmt(Object.values(r.requests).reduce((sum, n) => sum + n, 0))} (${byCommand(r.requests)})`,
      `${(r.ms / 1000).toFixed(2)} s`,
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => (row[column] as string).length)));
    const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ');
    console.log(line(header));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const row of cells) console.log(line(row));

    const ratio = (r: Measured) => r.itemsRead / r.result.dueCouples;
    const allReminded = rows.every(
      (r) => r.result.remindersCreated === DUE && r.result.dueCouples === DUE && r.result.complete && r.result.failed === 0,
    );
    const withinRatio = rows.every((r) => ratio(r) <= 1.1);
    const unchanged = first.itemsRead === second.itemsRead;
    console.log(
      `\n(Node ${process.version}, DynamoDB Local in memory, page size 25; ${fmt(publisher.events.length)} ReminderDue events published.`,
    );
    console.log(' Query(gsi1) is the outbox relay plus one draw-history Query per due couple: these couples have no sessions, so it reads');
    console.log(' nothing here; with a history it reads at most 20 sessions per due couple, whatever the number of non-due couples.)');
    console.log(`every due couple reminded once, nothing else ............. ${allReminded ? 'yes' : 'NO'}`);
    console.log(
      `target: items read <= 1.1x the due count ................. ${withinRatio ? 'met' : 'MISSED'} (${rows.map((r) => `${ratio(r).toFixed(3)}x`).join(', ')})`,
    );
    console.log(
      `target: reads unchanged with twice the non-due couples ... ${unchanged ? 'met' : 'MISSED'} (${fmt(first.itemsRead)} → ${fmt(second.itemsRead)})`,
    );
    if (!allReminded || !withinRatio || !unchanged) process.exitCode = 1;
  } finally {
    await dynamodb.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
