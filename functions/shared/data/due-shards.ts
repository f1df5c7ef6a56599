/*
 * Shards of the sparse `byDue` index. Each index partition (DUE, RESUME,
 * UPCOMING) is spread over N partition keys so that writes of index entries
 * are not capped by one GSI partition (about 1,000 writes a second each):
 * shard 0 keeps the bare name (`DUE`, so the unsharded layout is N = 1 and
 * existing entries stay readable), shard k > 0 is `DUE#k`. An item's shard
 * comes from its couple's (or session's) id, so it never moves between
 * shards while N stays the same.
 *
 * N is configuration (DUE_INDEX_SHARDS, default 1), the same for every Lambda
 * (the CDK stack sets one value on all of them). N may grow at any time:
 * entries written under the smaller N sit in shards the sweep still reads
 * and move to their new shard on their next write. N must never shrink
 * while entries exist in the shards it would drop: the sweep would not read them.
 */

/** The environment variable holding N. */
export const DUE_INDEX_SHARDS_VARIABLE = 'DUE_INDEX_SHARDS';

/** Upper bound on N: the sweep runs one Query loop per shard and partition at once. */
export const MAX_DUE_INDEX_SHARDS = 64;

/**
 * N from the environment (read at every call, so it is one setting for the
 * whole process); throws on anything but an integer from 1 to 64.
 */
export function dueIndexShards(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[DUE_INDEX_SHARDS_VARIABLE];
  if (raw === undefined || raw === '') return 1;
  const shards = Number(raw);
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_DUE_INDEX_SHARDS) {
    throw new Error(`${DUE_INDEX_SHARDS_VARIABLE} must be an integer from 1 to ${MAX_DUE_INDEX_SHARDS}, got "${raw}"`);
  }
  return shards;
}

/** The shard of `id` among `shards`: FNV-1a (32 bit) of the id, modulo N. Stable across processes and versions. */
export function dueShardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The partition key of shard `shard` of `partition`: the bare name for shard 0, `<partition>#<shard>` otherwise. */
export function shardKey(partition: string, shard: number): string {
  return shard === 0 ? partition : `${partition}#${shard}`;
}

/** The partition key an entry of `partition` for `id` is written under. */
export function shardedPartition(partition: string, id: string, shards: number = dueIndexShards()): string {
  return shardKey(partition, dueShardOf(id, shards));
}

/** Every shard's partition key of `partition`: what the sweep reads. */
export function allShards(partition: string, shards: number = dueIndexShards()): string[] {
  return Array.from({ length: shards }, (_, shard) => shardKey(partition, shard));
}
