import { useContext, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { ASSIGN_PROMPT, PRACTICE } from '../api/queries';
import type { AssignPromptData, Assignment, PracticeData } from '../api/types';
import { QueryView } from '../components/query-view';
import { Empty } from '../components/states';
import { ApiContext } from '../lib/api-context';
import { formatDate } from '../lib/format';
import { useQuery } from '../lib/use-query';

export function AssignmentList({ assignments, emptyText, testId }: { assignments: Assignment[]; emptyText: string; testId: string }) {
  if (assignments.length === 0) {
    return (
      <div data-testid={testId}>
        <Empty title={emptyText} />
      </div>
    );
  }
  return (
    <ul class="assignments" data-testid={testId}>
      {assignments.map((a) => (
        <li key={a.id} data-assignment-id={a.id}>
          <p class="assignment-prompt">{a.prompt.text}</p>
          <p class="muted">
            Assigned by {a.assignedBy.displayName}
            {a.dueBy && <> · due {formatDate(a.dueBy)}</>}
            {a.completedAt && <> · done {formatDate(a.completedAt)}</>}
          </p>
          {a.note && <p class="assignment-note">Note: {a.note}</p>}
        </li>
      ))}
    </ul>
  );
}

/**
 * Assigns one of the practice's prompts as homework; the couple's next
 * session draws it first. The API checks the grant: a revoked one answers
 * NOT_FOUND, shown in the form.
 */
export function AssignForm(props: AssignProps) {
  const prompts = useQuery<PracticeData>(PRACTICE, { id: props.practiceId }, props.practiceId);
  return (
    <QueryView query={prompts} what="the practice’s prompts">
      {({ practice }) => {
        const available = (practice?.prompts.edges ?? []).map((e) => e.node).filter((p) => !p.archived);
        if (available.length === 0) return <Empty title="Your practice has no prompts to assign yet.">Add prompts on the practice page.</Empty>;
        return <AssignFields {...props} prompts={available} />;
      }}
    </QueryView>
  );
}

interface AssignProps {
  coupleId: string;
  practiceId: string;
  onAssigned: () => void;
}

function AssignFields({ coupleId, practiceId, onAssigned, prompts }: AssignProps & { prompts: { id: string; text: string }[] }) {
  const { client, onUnauthenticated } = useContext(ApiContext);
  const [promptId, setPromptId] = useState('');
  const [note, setNote] = useState('');
  const [dueBy, setDueBy] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const input: Record<string, unknown> = { coupleId, practiceId, promptId };
      if (note.trim()) input.note = note.trim();
      // A date input gives the local calendar day; due at the end of that day, in the counselor's zone.
      if (dueBy) input.dueBy = new Date(`${dueBy}T23:59:00`).toISOString();
      const { data } = await client<AssignPromptData>(ASSIGN_PROMPT, { input });
      setResult({ ok: true, text: `Assigned: “${data.assignPrompt.prompt.text}”` });
      setPromptId('');
      setNote('');
      setDueBy('');
      onAssigned();
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('OTHER', String(error));
      if (apiError.failure === 'UNAUTHENTICATED') return onUnauthenticated();
      setResult({ ok: false, text: apiError.failure === 'NOT_FOUND' ? 'This couple no longer shares their data with your practice.' : apiError.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="assign-form" onSubmit={submit} aria-labelledby="assign-heading">
      <h3 id="assign-heading">Assign a prompt</h3>
      <label for="assign-prompt">Prompt</label>
      <select id="assign-prompt" required value={promptId} onChange={(e) => setPromptId(e.currentTarget.value)}>
        <option value="">Choose a prompt…</option>
        {prompts.map((p) => (
          <option key={p.id} value={p.id}>
            {p.text}
          </option>
        ))}
      </select>
      <label for="assign-note">Note for the couple (optional)</label>
      <textarea id="assign-note" rows={2} maxLength={1000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <label for="assign-due">Due by (optional)</label>
      <input id="assign-due" type="date" value={dueBy} onInput={(e) => setDueBy(e.currentTarget.value)} />
      <button type="submit" disabled={busy || !promptId}>
        {busy ? 'Assigning…' : 'Assign prompt'}
      </button>
      {result && (
        <p class={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </form>
  );
}
