import { useContext, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { CASELOAD } from '../api/queries';
import type { CaseloadData, CaseloadEntry } from '../api/types';
import { DataTable } from '../components/data-table';
import { RiskBadge, SignalList } from '../components/risk';
import { Empty, ErrorView, Loading } from '../components/states';
import { ApiContext } from '../lib/api-context';
import { formatDays, partnerNames } from '../lib/format';
import { hrefFor } from '../lib/route';

const PAGE = 20;

interface Props {
  practiceId: string;
  /** Remembers each couple's grant scope for the couple page. */
  onEntries: (entries: CaseloadEntry[]) => void;
}

type State =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; entries: CaseloadEntry[]; totalCount: number; endCursor: string | null; hasNextPage: boolean; loadingMore: boolean };

/** The caseload in the API's DRIFT_RISK order (HIGH first; within a level, longest since the last reconnect first). */
export function Caseload({ practiceId, onEntries }: Props) {
  const { client, onUnauthenticated } = useContext(ApiContext);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  const fetchPage = async (after: string | null) => {
    try {
      const { data } = await client<CaseloadData>(CASELOAD, { practiceId, first: PAGE, after });
      if (!data.practice) throw new ApiError('NOT_FOUND', 'This practice is not visible to you.');
      return data.practice.couples;
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('OTHER', String(error));
      if (apiError.failure === 'UNAUTHENTICATED') onUnauthenticated();
      throw apiError;
    }
  };

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    fetchPage(null)
      .then((page) => {
        if (!current) return;
        const entries = page.edges.map((e) => e.node);
        onEntries(entries);
        setState({ status: 'ready', entries, totalCount: page.totalCount, endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage, loadingMore: false });
      })
      .catch((error: ApiError) => current && error.failure !== 'UNAUTHENTICATED' && setState({ status: 'error', error }));
    return () => {
      current = false;
    };
  }, [practiceId, generation]);

  const loadMore = async () => {
    if (state.status !== 'ready') return;
    setState({ ...state, loadingMore: true });
    try {
      const page = await fetchPage(state.endCursor);
      const entries = [...state.entries, ...page.edges.map((e) => e.node)];
      onEntries(entries);
      setState({ status: 'ready', entries, totalCount: page.totalCount, endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage, loadingMore: false });
    } catch (error) {
      if ((error as ApiError).failure !== 'UNAUTHENTICATED') setState({ status: 'error', error: error as ApiError });
    }
  };

  return (
    <main id="main" data-screen="caseload">
      <h1>Caseload</h1>
      {state.status === 'loading' && <Loading what="the caseload" />}
      {state.status === 'error' && <ErrorView title="The caseload could not be loaded." error={state.error} onRetry={() => setGeneration((g) => g + 1)} />}
      {state.status === 'ready' && state.entries.length === 0 && (
        <Empty title="No couples on your caseload yet.">
          A couple appears here once both partners grant your practice care-team access in their app. A couple that revokes access leaves the caseload
          at once.
        </Empty>
      )}
      {state.status === 'ready' && state.entries.length > 0 && (
        <>
          <p class="muted" id="caseload-order">
            {state.totalCount} couple{state.totalCount === 1 ? '' : 's'}, highest drift risk first; within a level, longest since the last reconnect
            first.
          </p>
          <DataTable
            name="caseload"
            describedBy="caseload-order"
            caption="Couples on the caseload by drift risk"
            columns={['Couple', 'Drift risk', 'Signals', 'Since last reconnect', 'Sessions, last 30 days', 'Access']}
          >
                {state.entries.map((entry) => {
                  const { couple } = entry;
                  const health = couple.health;
                  const behind = health.sessionsLast30Days < health.targetSessionsPerMonth;
                  return (
                    <tr key={couple.id} data-couple-id={couple.id} data-risk={health.driftRisk}>
                      <th scope="row">
                        <a href={hrefFor({ name: 'couple', coupleId: couple.id })}>{partnerNames(couple.partners)}</a>
                      </th>
                      <td>
                        <RiskBadge risk={health.driftRisk} />
                      </td>
                      <td>
                        <SignalList signals={health.driftSignals} />
                      </td>
                      <td class="num">{formatDays(health.daysSinceLastReconnect)}</td>
                      <td class={`num ${behind ? 'behind' : ''}`}>
                        {health.sessionsLast30Days} of {health.targetSessionsPerMonth} planned
                      </td>
                      <td>{entry.scope === 'REFLECTIONS' ? 'Summary and shared reflections' : 'Summary'}</td>
                    </tr>
                  );
                })}
          </DataTable>
          {state.hasNextPage && (
            <button type="button" onClick={loadMore} disabled={state.loadingMore}>
              {state.loadingMore ? 'Loading…' : 'Show more couples'}
            </button>
          )}
        </>
      )}
    </main>
  );
}
