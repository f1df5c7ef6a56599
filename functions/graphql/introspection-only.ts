import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

/**
 * True when the request body is a GraphQL operation that selects nothing but
 * introspection (`__schema`, `__type`, `__typename`) at its root, directly or
 * through fragments. Such a request reads no data, so the local run answers
 * it without a token (GraphiQL and codegen load the schema that way); the
 * cloud never asks (introspection is off there and every request needs a token).
 * Anything unparsable is not introspection: it then goes the normal way.
 */
export function isIntrospectionOnly(body: string | undefined, isBase64Encoded = false): boolean {
  if (!body) return false;
  let document: DocumentNode;
  try {
    const payload = JSON.parse(isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body) as { query?: unknown };
    if (typeof payload.query !== 'string') return false;
    document = parse(payload.query, { maxTokens: 5_000 });
  } catch {
    return false;
  }
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  }
  const rootOnlyIntrospection = (selectionSet: SelectionSetNode, seen: Set<string>): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return INTROSPECTION_FIELDS.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return rootOnlyIntrospection(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return false;
      return rootOnlyIntrospection(fragment, new Set([...seen, name]));
    });
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operations.length > 0 && operations.every((operation) => rootOnlyIntrospection(operation.selectionSet, new Set()));
}
