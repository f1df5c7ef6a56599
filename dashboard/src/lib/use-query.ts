import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
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

  // The key whose data is on screen: a reload of it keeps showing that data until the answer comes,
  // so that a form's confirmation is not wiped by a flash of "Loading".
  const shownKey = useRef<string | null>(null);

  useEffect(() => {
    let current = true;
    if (shownKey.current !== key) setState({ status: 'loading' });
    client<T>(query, variables)
      .then((result) => {
        if (!current) return;
        shownKey.current = key;
        setState({ status: 'ready', data: result.data, fieldErrors: result.fieldErrors });
      })
      .catch((error: unknown) => {
        if (!current) return;
        shownKey.current = null;
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
