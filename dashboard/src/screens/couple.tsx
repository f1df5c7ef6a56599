import { ACCESS_LOG, COUPLE, REFLECTIONS } from '../api/queries';
import type { AccessLogData, CareScope, CoupleData, ReflectionsData } from '../api/types';
import { ClosenessChart } from '../components/closeness-chart';
import { RiskBadge, SignalList } from '../components/risk';
import { DataTable } from '../components/data-table';
import { QueryView } from '../components/query-view';
import { Empty } from '../components/states';
import { formatDate, formatDateTime, formatDays, formatNumber, partnerNames, todayIn } from '../lib/format';
import { hrefFor } from '../lib/route';
import { useQuery } from '../lib/use-query';
import { AssignForm, AssignmentList } from './assignments';

interface Props {
  coupleId: string;
  practiceId: string;
  /** The grant's scope from the caseload, when known. */
  scope: CareScope | undefined;
}

const STATUS_LABELS: Record<string, string> = { SCHEDULED: 'Scheduled', IN_PROGRESS: 'In progress', COMPLETED: 'Completed', CANCELLED: 'Cancelled' };

/** A couple seen by their care team: health, closeness chart, sessions, homework, shared reflections and the access log. */
export function CouplePage({ coupleId, practiceId, scope }: Props) {
  const query = useQuery<CoupleData>(COUPLE, { id: coupleId }, coupleId);

  return (
    <main id="main" data-screen="couple">
      <p>
        <a href={hrefFor({ name: 'caseload' })}>← Back to the caseload</a>
      </p>
      <QueryView query={query} what="the couple">
        {({ couple }) =>
          couple ? <CoupleDetails couple={couple} practiceId={practiceId} scope={scope} onAssigned={query.reload} /> : <NotShared />
        }
      </QueryView>
    </main>
  );
}

/** What a revoked grant (or a couple never shared) looks like: the API answers as if the couple did not exist. */
function NotShared() {
  return (
    <div class="state state-error" role="alert" data-state="not-shared">
      <h1>This couple is not on your caseload</h1>
      <p>
        Either partner may revoke your practice’s access at any time, and it takes effect at once. Nothing of theirs is shown any more. If this is
        unexpected, talk with the couple.
      </p>
    </div>
  );
}

function CoupleDetails({
  couple,
  practiceId,
  scope,
  onAssigned,
}: {
  couple: NonNullable<CoupleData['couple']>;
  practiceId: string;
  scope: CareScope | undefined;
  onAssigned: () => void;
}) {
  const health = couple.health;
  const sessions = couple.sessions.edges.map((e) => e.node);
  return (
    <>
      <header class="couple-header">
        <h1>{partnerNames(couple.partners)}</h1>
        <RiskBadge risk={health.driftRisk} />
      </header>

      <section aria-labelledby="health-heading">
        <h2 id="health-heading">Connection health</h2>
        <dl class="facts">
          <div>
            <dt>Signals</dt>
            <dd>
              <SignalList signals={health.driftSignals} explain />
            </dd>
          </div>
          <div>
            <dt>Since last reconnect</dt>
            <dd>{formatDays(health.daysSinceLastReconnect)}</dd>
          </div>
          <div>
            <dt>Sessions, last 30 days</dt>
            <dd>
              {health.sessionsLast30Days} of {health.targetSessionsPerMonth} planned
            </dd>
          </div>
          <div>
            <dt>Closeness, 30-day mean</dt>
            <dd>{formatNumber(health.closenessAverage30d)}</dd>
          </div>
          <div>
            <dt>Closeness trend</dt>
            <dd>{health.closenessTrend === null ? '—' : `${health.closenessTrend > 0 ? '+' : ''}${health.closenessTrend.toFixed(2)} points a week`}</dd>
          </div>
          <div>
            <dt>Participation balance</dt>
            <dd>{health.participationBalance === null ? '—' : `${Math.round(health.participationBalance * 100)}% (100% = equal)`}</dd>
          </div>
          <div>
            <dt>Plan</dt>
            <dd>
              {couple.plan.sessionsPerMonth} a month, reminders at {couple.plan.reminderTime} ({couple.plan.timezone})
              {couple.plan.pausedUntil && new Date(couple.plan.pausedUntil) > new Date() ? `, paused until ${formatDate(couple.plan.pausedUntil)}` : ''}
            </dd>
          </div>
          <div>
            <dt>Next reminder</dt>
            <dd>{formatDateTime(couple.nextReminderAt)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">Closeness</h2>
        <ClosenessChart partners={couple.partners} points={health.closenessSeries} days={90} today={todayIn(couple.plan.timezone)} />
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        {sessions.length === 0 ? (
          <Empty title="No sessions yet." />
        ) : (
          <DataTable name="sessions" columns={['When', 'Status', 'Both took part', 'Prompts']}>
            {sessions.map((s) => (
              <tr key={s.id} data-session-id={s.id}>
                <td>{formatDateTime(s.startedAt ?? s.scheduledFor)}</td>
                <td>{STATUS_LABELS[s.status] ?? s.status}</td>
                <td>{s.bothParticipated ? 'Yes' : 'No'}</td>
                <td>
                  <ul class="plain">
                    {s.prompts.map((p) => (
                      <li key={p.position}>{p.prompt.text}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">Homework</h2>
        <h3>Open</h3>
        <AssignmentList assignments={couple.open.edges.map((e) => e.node)} emptyText="No open assignments." testId="open-assignments" />
        <h3>Done</h3>
        <AssignmentList assignments={couple.done.edges.map((e) => e.node)} emptyText="Nothing done yet." testId="done-assignments" />
        <AssignForm coupleId={couple.id} practiceId={practiceId} onAssigned={onAssigned} />
      </section>

      <section aria-labelledby="reflections-heading">
        <h2 id="reflections-heading">Reflections shared with the care team</h2>
        <SharedReflections coupleId={couple.id} scope={scope} />
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">Access log</h2>
        <AccessLog coupleId={couple.id} />
      </section>
    </>
  );
}

function SharedReflections({ coupleId, scope }: { coupleId: string; scope: CareScope | undefined }) {
  if (scope === 'SUMMARY') {
    return (
      <p class="muted" data-state="summary-only">
        This couple shares a summary only (health, plan, session times). Reflections need their grant to include reflections.
      </p>
    );
  }
  return <ReflectionList coupleId={coupleId} />;
}

function ReflectionList({ coupleId }: { coupleId: string }) {
  const query = useQuery<ReflectionsData>(REFLECTIONS, { id: coupleId }, coupleId);
  return (
    <QueryView query={query} what="shared reflections">
      {({ couple }) => <Reflections connection={couple?.reflections ?? null} />}
    </QueryView>
  );
}

function Reflections({ connection }: { connection: NonNullable<ReflectionsData['couple']>['reflections'] | null }) {
  if (!connection) {
    return (
      <p class="muted" data-state="reflections-hidden">
        Reflections are not available to your practice for this couple.
      </p>
    );
  }
  if (connection.edges.length === 0) return <Empty title="No reflections shared with the care team yet." />;
  return (
    <ul class="reflections">
      {connection.edges.map(({ node }) => (
        <li key={node.id}>
          <p class="reflection-meta">
            <strong>{node.author.displayName}</strong>, {formatDateTime(node.createdAt)}
            {node.closeness !== null && <> · closeness {node.closeness}</>}
            {node.feelings.length > 0 && <> · {node.feelings.map((f) => f.toLowerCase()).join(', ')}</>}
          </p>
          <p class="reflection-body">{node.body}</p>
        </li>
      ))}
    </ul>
  );
}

/** What the counselor is told where the API keeps the log for the partners (contract: "Partners only"). */
function PartnersOnlyLog() {
  return (
    <p class="muted" data-state="log-partners-only">
      Every time a member of your practice opens this couple’s health, sessions or reflections, the read is written to the couple’s access log,
      which the partners see in their app. The API shows the log to the partners only, so it is not listed here.
    </p>
  );
}

function AccessLog({ coupleId }: { coupleId: string }) {
  const query = useQuery<AccessLogData>(ACCESS_LOG, { id: coupleId }, coupleId);
  // The contract keeps the log for the partners: a refusal is that rule, not a failure.
  if (query.status === 'error' && query.error.failure === 'FORBIDDEN') return <PartnersOnlyLog />;
  return (
    <QueryView query={query} what="the access log">
      {({ couple }) => {
        const entries = couple?.accessLog?.edges ?? [];
        // A care-team member gets no entries (or no field): the log belongs to the couple.
        if (entries.length === 0) return <PartnersOnlyLog />;
        return (
          <DataTable name="access-log" columns={['When', 'Who', 'Practice', 'What']}>
            {entries.map(({ node }, i) => (
              <tr key={`${node.at}-${i}`}>
                <td>{formatDateTime(node.at)}</td>
                <td>{node.actor.displayName}</td>
                <td>{node.practice.name}</td>
                <td>{node.action}</td>
              </tr>
            ))}
          </DataTable>
        );
      }}
    </QueryView>
  );
}
