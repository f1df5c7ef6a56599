import type { GraphqlContext } from './context';
import { fromGlobalId, type NodeType } from '../shared/ids/global-id';

/** Loads one node type by local id for `node(id:)`; null when absent or not visible to the caller. */
export type NodeFetcher = (context: GraphqlContext, localId: string) => Promise<object | null>;

export type NodeFetchers = Partial<Record<NodeType, NodeFetcher>>;

const TYPENAME = Symbol('typename');

/** Tags a model with its GraphQL type so that `Node.__resolveType` needs no guessing. */
export function asNode<T extends object>(type: NodeType, model: T): T {
  return Object.assign(model, { [TYPENAME]: type });
}

/** The type a model was tagged with by asNode. */
export function nodeTypeOf(model: object): string | undefined {
  return (model as { [TYPENAME]?: string })[TYPENAME];
}

/**
 * Resolves `node(id:)` through the fetcher each domain registered. Unknown
 * ids and ids of types the caller cannot see are null, exactly like absent ones.
 */
export async function fetchNode(fetchers: NodeFetchers, context: GraphqlContext, globalId: string): Promise<object | null> {
  const parsed = fromGlobalId(globalId);
  const fetcher = parsed ? fetchers[parsed.type] : undefined;
  if (!parsed || !fetcher) return null;
  const model = await fetcher(context, parsed.localId);
  return model ? asNode(parsed.type, { ...model }) : null;
}
