import type { Page } from './cursor';

/** A Relay connection (`edges` + `pageInfo`) from a page, as every `*Connection` type of the schema has it. */
export function toConnection<T>(page: Page<T>) {
  return {
    edges: page.items,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.at(-1)?.cursor ?? null },
  };
}
