import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { ApiError, type GraphqlErrorBody } from '../api/client';
import { ApiContext } from './api-context';

export type QueryState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T; fieldErrors: GraphqlErrorBody[] };

/**
 * Runs a query when its key changes and on `reload()`. An expired or refused
 * token is handed to the app (back to sign-in) instead of being shown here.
 */
export function useQuery<T>(query: string, variables: Record<string, unknown>, key: string): QueryState<T> & { reload: () => void } {
  const { client, onUnauthenticated } = useContext(ApiContext);
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    client<T>(query, variables)
      .then((result) => current && setState({ status: 'ready', data: result.data, fieldErrors: result.fieldErrors }))
      .catch((error: unknown) => {
        if (!current) return;
        const apiError = error instanceof ApiError ? error : new ApiError('OTHER', String(error));
        if (apiError.failure === 'UNAUTHENTICATED') onUnauthenticated();
        else setState({ status: 'error', error: apiError });
      });
    return () => {
      current = false;
    };
    // `key` stands for the variables: a new object each render must not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
