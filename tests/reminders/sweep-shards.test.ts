import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { allShards } from '../../functions/shared/data/due-shards';
import { createActiveCouple, dataOf, UPDATE_PLAN } from '../support/operations';
import { budgetOf, createTestSweep, remindersOf, type TestSweep } from '../support/reminders';
import { seededRandom } from '../support/seeded-random';
import { createTestApi, type TestApi } from '../support/test-api';

/**
 * The sweep over a sharded `byDue` index (DUE_INDEX_SHARDS = 4): couples
 * land in several shards, and the guarantees of the unsharded sweep hold
 * across them: one reminder per due instant under concurrent sweeps, nothing
 * skipped by a sweep that runs out of time, nothing lost when the shard
 * count grows under existing entries. Couples are formed at
 * 2026-11-26T12:00Z in UTC: first reminder due 2026-12-06T19:00Z.
 */
const FIRST_DUE = '2026-12-06T19:00:00.000Z';
const COUPLES = 10;

describe('reminder sweep over a sharded due index', () => {
  let api: TestApi;
  let sweep: TestSweep;
  const previous = process.env.DUE_INDEX_SHARDS;

  beforeEach(async () => {
    process.env.DUE_INDEX_SHARDS = '4';
    api = await createTestApi('sweep-shards', { random: seededRandom(7) });
    sweep = createTestSweep(api);
  });
  afterEach(async () => {
    sweep.close();
    await api.drop();
    if (previous === undefined) delete process.env.DUE_INDEX_SHARDS;
    else process.env.DUE_INDEX_SHARDS = previous;
  });

  /** Partition keys of every entry of a partition's shards (the sweep's view). */
  async function shardsHolding(partition: string): Promise<string[]> {
    const client = createDocumentClient({ region: 'us-east-1', endpoint: api.table.endpoint });
    try {
      const keys: string[] = [];
      for (const shard of allShards(partition, 4)) {
        const result = await client.send(
          new QueryCommand({
            TableName: api.table.tableName,
            IndexName: 'byDue',
            KeyConditionExpression: 'duePk = :p',
            ExpressionAttributeValues: { ':p': shard },
          }),
        );
        keys.push(...(result.Items ?? []).map((item) => String(item.duePk)));
      }
      return keys;
    } finally {
      client.destroy();
    }
  }

  const formCouples = async (count: number, prefix: string) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) ids.push(await createActiveCouple(api, `${prefix}a${i}`, `${prefix}b${i}`, 'UTC'));
    return ids;
  };

  it('spreads couples over the shards and reminds each exactly once under three concurrent sweeps', async () => {
    // prepare
    const ids = await formCouples(COUPLES, 'c');
    const shardsUsed = new Set(await shardsHolding('DUE'));

    // act
    const results = await Promise.all([sweep.run(FIRST_DUE), sweep.run(FIRST_DUE), sweep.run(FIRST_DUE)]);

    // assert
    expect(shardsUsed.size).toBeGreaterThan(1);
    expect(results.reduce((sum, r) => sum + r.reconnectDueCreated, 0)).toBe(COUPLES);
    expect(results.every((r) => r.failed === 0 && r.complete)).toBe(true);
    for (const [i, id] of ids.entries()) {
      const reminders = await remindersOf(api, `ca${i}`, id);
      expect(reminders.map((r) => r.dueAt)).toEqual([FIRST_DUE]);
    }
    expect(await shardsHolding('DUE')).toHaveLength(COUPLES); // every entry moved on to its follow-up
  });

  it('leaves what a sweep out of time did not reach, in every shard, to the next run: no couple skipped or reminded twice', async () => {
    // prepare
    const ids = await formCouples(COUPLES, 'k');

    // act: the budget runs out after 4 reminders, spread over the shards' parallel loops
    const stopped = await sweep.run(FIRST_DUE, budgetOf(sweep.requests, 4));
    const next = await sweep.run(FIRST_DUE);

    // assert
    expect(stopped.complete).toBe(false);
    expect(stopped.reconnectDueCreated).toBeGreaterThanOrEqual(4);
    expect(stopped.reconnectDueCreated).toBeLessThan(COUPLES);
    expect(stopped.reconnectDueCreated + next.reconnectDueCreated).toBe(COUPLES);
    for (const [i, id] of ids.entries()) expect(await remindersOf(api, `ka${i}`, id)).toHaveLength(1);
  });

  it('still finds entries written under fewer shards after the count grows, paused couples included', async () => {
    // prepare: written with one shard (bare DUE / RESUME), then the count grows to 4
    process.env.DUE_INDEX_SHARDS = '1';
    const [due, paused] = await formCouples(2, 'g');
    dataOf(await api.as('ga1', UPDATE_PLAN, { input: { coupleId: paused, pausedUntil: '2026-12-20T00:00:00Z' } }), 'pause');
    const before = [...(await shardsHolding('DUE')), ...(await shardsHolding('RESUME'))];
    process.env.DUE_INDEX_SHARDS = '4';

    // act
    const first = await sweep.run(FIRST_DUE);
    const pauseOver = await sweep.run('2026-12-20T19:00:00.000Z');

    // assert
    expect(before.sort()).toEqual(['DUE', 'RESUME']);
    expect(first).toMatchObject({ reconnectDueCreated: 1, failed: 0 });
    expect(pauseOver).toMatchObject({ resumedCouples: 1, failed: 0 });
    expect(await remindersOf(api, 'ga0', due as string)).toHaveLength(2); // its first reminder and the follow-up 5 days later
    expect((await remindersOf(api, 'ga1', paused as string)).map((r) => r.dueAt)).toEqual(['2026-12-20T19:00:00.000Z']);
  });
});
