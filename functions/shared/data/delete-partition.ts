import { queryAll } from './query-all';
import { batchDeleteItems, type TableContext } from './table';

/**
 * Deletes every item of partition `pk` (keys only are read). For small,
 * per-person partitions that erasure empties: rate-limit counters,
 * Idempotency-Key records.
 */
export async function deletePartition(table: TableContext, pk: string): Promise<void> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ProjectionExpression: 'pk, sk',
  });
  await batchDeleteItems(
    table,
    items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
  );
}
