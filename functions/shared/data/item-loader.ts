import DataLoader from 'dataloader';
import { batchGetItems, keyString, type Item, type Key, type TableContext } from './table';

/**
 * A per-request DataLoader that reads items with BatchGetItem: every `load`
 * in the same tick becomes one request (100 keys each), and repeated loads of
 * the same item are served from the request's cache. `id` is whatever names
 * an item to its repository (a string id, or a composite like an answer's
 * session + prompt + person); `keyOf` turns it into the table key.
 */
export function createItemLoader<Id, T>(
  table: TableContext,
  keyOf: (id: Id) => Key,
  toModel: (item: Item) => T,
): DataLoader<Id, T | null, string> {
  return new DataLoader<Id, T | null, string>(
    async (ids) => {
      const items = await batchGetItems(table, ids.map(keyOf));
      return ids.map((id) => {
        const item = items.get(keyString(keyOf(id)));
        return item ? toModel(item) : null;
      });
    },
    { cacheKeyFn: (id) => keyString(keyOf(id)) },
  );
}
