import { Kind, parse, type DocumentNode } from 'graphql';

const ALLOWED_WHILE_ERASING = new Set(['deleteMyAccount', '__typename']);

/**
 * True when the request body's operations are mutations that select only
 * `deleteMyAccount` (and `__typename`) at their root: the one request a
 * person whose erasure is PENDING may still send, to finish it (README
 * "Export and erasure"). Anything else, or anything unparsable, is false.
 * Fragments at the root are not followed (a client finishing an erasure
 * has no reason to use one).
 */
export function onlyErasesAccount(body: string | undefined): boolean {
  if (!body) return false;
  let document: DocumentNode;
  try {
    const payload = JSON.parse(body) as { query?: unknown };
    if (typeof payload.query !== 'string') return false;
    document = parse(payload.query, { maxTokens: 2_000 });
  } catch {
    return false;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return (
    operations.length > 0 &&
    operations.every(
      (operation) =>
        operation.operation === 'mutation' &&
        operation.selectionSet.selections.every(
          (selection) => selection.kind === Kind.FIELD && ALLOWED_WHILE_ERASING.has(selection.name.value),
        ),
    )
  );
}
