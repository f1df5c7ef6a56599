import DataLoader from 'dataloader';
import { batchGetItems, keyString, type Item, type Key, type TableContext } from './table';

/**
 * A per-request DataLoader that reads items by id with BatchGetItem: every
 * `load` in the same tick becomes one request (100 keys each), and repeated
 * loads of an id are served from the request's cache.
 */
export function createItemLoader<T>(
  table: TableContext,
  keyOf: (id: string) => Key,
  toModel: (item: Item) => T,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const items = await batchGetItems(table, ids.map(keyOf));
    return ids.map((id) => {
      const item = items.get(keyString(keyOf(id)));
      return item ? toModel(item) : null;
    });
  });
}
