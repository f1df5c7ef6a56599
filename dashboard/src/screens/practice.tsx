import { PRACTICE } from '../api/queries';
import type { PracticeData } from '../api/types';
import { DataTable } from '../components/data-table';
import { QueryView } from '../components/query-view';
import { Empty } from '../components/states';
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
      <QueryView query={query} what="the practice">
        {({ practice }) => (practice ? <PracticeDetails practice={practice} /> : <Empty title="This practice is not visible to you." />)}
      </QueryView>
    </main>
  );
}

function PracticeDetails({ practice }: { practice: NonNullable<PracticeData['practice']> }) {
  const prompts = practice.prompts.edges.map((e) => e.node);
  return (
    <>
      <h1>{practice.name}</h1>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <DataTable name="members" columns={['Name', 'Role', 'Member since']}>
          {practice.members.map((m) => (
            <tr key={m.person.id}>
              <td>{m.person.displayName}</td>
              <td>{m.role === 'ADMIN' ? 'Admin' : 'Counselor'}</td>
              <td>{formatDate(m.addedAt)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section aria-labelledby="prompts-heading">
        <h2 id="prompts-heading">Practice prompts</h2>
        {prompts.length === 0 ? (
          <Empty title="No practice prompts yet." />
        ) : (
          <DataTable name="prompts" columns={['Prompt', 'Theme', 'Depth', 'State']}>
            {prompts.map((prompt) => (
              <tr key={prompt.id}>
                <td>{prompt.text}</td>
                <td>{THEMES[prompt.theme] ?? prompt.theme}</td>
                <td>{prompt.depth.charAt(0) + prompt.depth.slice(1).toLowerCase()}</td>
                <td>{prompt.archived ? 'Archived' : 'In use'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
