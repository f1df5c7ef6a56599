/**
 * Test-only: reads the WHOLE test table with Scan (no function of the
 * project may Scan; README "Who can read what") and finds every item that
 * holds any of the given strings anywhere: in a key, an attribute name or a
 * value, nested or in a set. The erasure tests prove completeness with it.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import type { Item } from '../../functions/shared/data/table';
import type { TestTable } from './test-table';

/** Every item of the table. */
export async function scanTable(table: Pick<TestTable, 'tableName' | 'endpoint'>): Promise<Item[]> {
  const client = createDocumentClient({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint: table.endpoint });
  try {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await client.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
      items.push(...((result.Items ?? []) as Item[]));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items;
  } finally {
    client.destroy();
  }
}

/** The item as text, attribute names included, sets as arrays. */
function itemText(item: Item): string {
  return JSON.stringify(item, (_key, value) => (value instanceof Set ? [...value] : value));
}

/** Each (item key, needle) where an item holds one of `needles`. */
export function itemsHolding(items: readonly Item[], needles: readonly string[]): { pk: string; sk: string; needle: string }[] {
  const found: { pk: string; sk: string; needle: string }[] = [];
  for (const item of items) {
    const text = itemText(item);
    for (const needle of needles) {
      if (text.includes(needle)) found.push({ pk: String(item.pk), sk: String(item.sk), needle });
    }
  }
  return found;
}
