import type { ComponentChildren } from 'preact';
import type { QueryState } from '../lib/use-query';
import { ErrorView, Loading } from './states';

interface Props<T> {
  query: QueryState<T> & { reload: () => void };
  /** What is loading, e.g. "the access log": said while loading and in the error's title. */
  what: string;
  /** What to show once the data is there. */
  children: (data: T) => ComponentChildren;
}

/** A section's loading and error states (with a retry), then its content: the same for every section of every screen. */
export function QueryView<T>({ query, what, children }: Props<T>) {
  if (query.status === 'loading') return <Loading what={what} />;
  if (query.status === 'error') {
    const title = `${what.charAt(0).toUpperCase()}${what.slice(1)} could not be loaded.`;
    return <ErrorView title={title} error={query.error} onRetry={query.reload} />;
  }
  return <>{children(query.data)}</>;
}
