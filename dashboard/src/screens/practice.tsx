import { PRACTICE } from '../api/queries';
import type { PracticeData } from '../api/types';
import { Empty, ErrorView, Loading } from '../components/states';
import { formatDate } from '../lib/format';
import { useQuery } from '../lib/use-query';

const THEMES: Record<string, string> = {
  VULNERABILITY: 'Vulnerability',
  TRUST: 'Trust',
  LISTENING: 'Listening',
  SPEAKING_TRUTH: 'Speaking truth',
  GOALS_AND_DREAMS: 'Goals and dreams',
  FEELING_SAFE: 'Feeling safe',
  APPRECIATION: 'Appreciation',
  RECONNECTING: 'Reconnecting',
  REPAIR: 'Repair',
  DAILY_LIFE: 'Daily life',
};

/** The practice's members and its own prompts. */
export function PracticePage({ practiceId }: { practiceId: string }) {
  const query = useQuery<PracticeData>(PRACTICE, { id: practiceId }, practiceId);
  return (
    <main id="main" data-screen="practice">
      {query.status === 'loading' && <Loading what="the practice" />}
      {query.status === 'error' && <ErrorView title="The practice could not be loaded." error={query.error} onRetry={query.reload} />}
      {query.status === 'ready' && !query.data.practice && <Empty title="This practice is not visible to you." />}
      {query.status === 'ready' && query.data.practice && (
        <>
          <h1>{query.data.practice.name}</h1>
          <section aria-labelledby="members-heading">
            <h2 id="members-heading">Members</h2>
            <div class="table-wrap">
              <table class="members">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Member since</th>
                  </tr>
                </thead>
                <tbody>
                  {query.data.practice.members.map((m) => (
                    <tr key={m.person.id}>
                      <td>{m.person.displayName}</td>
                      <td>{m.role === 'ADMIN' ? 'Admin' : 'Counselor'}</td>
                      <td>{formatDate(m.addedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="prompts-heading">
            <h2 id="prompts-heading">Practice prompts</h2>
            {query.data.practice.prompts.edges.length === 0 ? (
              <Empty title="No practice prompts yet." />
            ) : (
              <div class="table-wrap">
                <table class="prompts">
                  <thead>
                    <tr>
                      <th scope="col">Prompt</th>
                      <th scope="col">Theme</th>
                      <th scope="col">Depth</th>
                      <th scope="col">State</th>
                    </tr>
                  </thead>
                  <tbody>
                    {query.data.practice.prompts.edges.map(({ node }) => (
                      <tr key={node.id}>
                        <td>{node.text}</td>
                        <td>{THEMES[node.theme] ?? node.theme}</td>
                        <td>{node.depth.charAt(0) + node.depth.slice(1).toLowerCase()}</td>
                        <td>{node.archived ? 'Archived' : 'In use'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </main>
  );
}
