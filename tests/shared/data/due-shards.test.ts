import { randomUUID } from 'node:crypto';
import { allShards, dueIndexShards, dueShardOf, shardedPartition, shardKey } from '../../../functions/shared/data/due-shards';

describe('byDue shards', () => {
  it('reads N from DUE_INDEX_SHARDS (default 1) and refuses anything but 1 to 64', () => {
    expect(dueIndexShards({})).toBe(1);
    expect(dueIndexShards({ DUE_INDEX_SHARDS: '8' })).toBe(8);
    for (const bad of ['0', '65', '2.5', 'eight', '-1']) {
      expect(() => dueIndexShards({ DUE_INDEX_SHARDS: bad })).toThrow(`DUE_INDEX_SHARDS must be an integer from 1 to 64, got "${bad}"`);
    }
  });

  it('keeps the bare partition name for shard 0, so one shard is the unsharded layout', () => {
    expect(shardKey('DUE', 0)).toBe('DUE');
    expect(shardKey('DUE', 5)).toBe('DUE#5');
    expect(shardedPartition('RESUME', randomUUID(), 1)).toBe('RESUME');
    expect(allShards('UPCOMING', 3)).toEqual(['UPCOMING', 'UPCOMING#1', 'UPCOMING#2']);
  });

  it('gives an id the same shard every time, and spreads ids evenly', () => {
    // prepare
    const ids = Array.from({ length: 8_000 }, () => randomUUID());

    // act
    const counts = new Array<number>(8).fill(0);
    for (const id of ids) counts[dueShardOf(id, 8)]! += 1;

    // assert: pinned values (FNV-1a 32 of the id is 0xdadf8923 and 0xa8694922, computed outside this code):
    // a changed hash would move every stored item to another shard on the next release
    expect(dueShardOf('c0ffee00-0000-4000-8000-000000000001', 8)).toBe(3);
    expect(dueShardOf('c0ffee00-0000-4000-8000-000000000001', 64)).toBe(35);
    expect(dueShardOf('0b5e55ed-1234-4abc-9def-000000000042', 8)).toBe(2);
    expect(dueShardOf('0b5e55ed-1234-4abc-9def-000000000042', 64)).toBe(34);
    // 1,000 expected per shard; ±15% is far outside chance for a uniform hash
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(150);
  });
});
