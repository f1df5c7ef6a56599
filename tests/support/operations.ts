/**
 * GraphQL operations and small flows that many test files share, so each
 * test's prepare step stays one line.
 */
import type { TestApi } from './test-api';

export const COUPLE_FIELDS = `
  id status createdAt activatedAt endedAt lastReconnectedAt nextReminderAt
  partners { id displayName }
  plan { sessionsPerMonth reminderTime timezone pausedUntil }
  invite { code expiresAt }
`;

export const CREATE_COUPLE = `mutation($input: CreateCoupleInput!) {
  createCouple(input: $input) { couple { ${COUPLE_FIELDS} } invite { code expiresAt } }
}`;

export const JOIN_COUPLE = `mutation($code: String!) { joinCouple(input: { code: $code }) { ${COUPLE_FIELDS} } }`;

export const LEAVE_COUPLE = `mutation($id: ID!) { leaveCouple(input: { coupleId: $id }) { ${COUPLE_FIELDS} } }`;

export const RENEW_INVITE = `mutation($id: ID!) { renewInvite(input: { coupleId: $id }) { code expiresAt } }`;

export const UPDATE_PLAN = `mutation($input: UpdateReconnectPlanInput!) { updateReconnectPlan(input: $input) { ${COUPLE_FIELDS} } }`;

export const COUPLE_BY_ID = `query($id: ID!) { couple(id: $id) { ${COUPLE_FIELDS} } }`;

/** Creates a couple as `first` and returns its id and invite code. */
export async function createCouple(api: TestApi, first: string, timezone?: string): Promise<{ coupleId: string; code: string }> {
  const response = await api.as(first, CREATE_COUPLE, { input: timezone ? { timezone } : {} });
  if (response.errors) throw new Error(`createCouple failed: ${JSON.stringify(response.errors)}`);
  return { coupleId: response.data.createCouple.couple.id, code: response.data.createCouple.invite.code };
}

/** Creates a couple as `first`, joins it as `second`, and returns the couple id. */
export async function createActiveCouple(api: TestApi, first: string, second: string, timezone?: string): Promise<string> {
  const { coupleId, code } = await createCouple(api, first, timezone);
  const joined = await api.as(second, JOIN_COUPLE, { code });
  if (joined.errors) throw new Error(`joinCouple failed: ${JSON.stringify(joined.errors)}`);
  return coupleId;
}

export const SESSION_FIELDS = `
  id status scheduledFor startedAt completedAt cancelledAt bothParticipated
  couple { id lastReconnectedAt nextReminderAt }
  startedBy { id displayName }
  prompts {
    position
    prompt { id theme depth text archived }
    answers { author { id displayName } text answeredAt }
    waitingOn { id displayName }
  }
`;

export const SCHEDULE_SESSION = `mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { ${SESSION_FIELDS} } }`;

export const START_SESSION = `mutation($input: StartSessionInput!) { startSession(input: $input) { ${SESSION_FIELDS} } }`;

export const ANSWER_PROMPT = `mutation($input: AnswerPromptInput!) {
  answerPrompt(input: $input) {
    position
    prompt { id }
    answers { author { id displayName } text answeredAt }
    waitingOn { id displayName }
  }
}`;

export const COMPLETE_SESSION = `mutation($id: ID!) { completeSession(input: { sessionId: $id }) { ${SESSION_FIELDS} } }`;

export const CANCEL_SESSION = `mutation($id: ID!) { cancelSession(input: { sessionId: $id }) { ${SESSION_FIELDS} } }`;

export const SESSION_BY_ID = `query($id: ID!) { session(id: $id) { ${SESSION_FIELDS} } }`;

export const COUPLE_SESSIONS = `query($id: ID!, $status: SessionStatus, $first: Int, $after: String) {
  couple(id: $id) {
    sessions(status: $status, first: $first, after: $after) {
      edges { cursor node { id status startedAt scheduledFor prompts { prompt { id } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** The response's data, or a thrown error listing its GraphQL errors (for prepare steps). */
export function dataOf<T = any>(response: { data?: T; errors?: unknown[] }, what: string): T {
  if (response.errors || !response.data) throw new Error(`${what} failed: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** Starts a new session as `sub` and returns it (SESSION_FIELDS). */
export async function startSession(api: TestApi, sub: string, coupleId: string, input: Record<string, unknown> = {}): Promise<any> {
  return dataOf(await api.as(sub, START_SESSION, { input: { coupleId, ...input } }), 'startSession').startSession;
}

/** Schedules a session as `sub` and returns it. */
export async function scheduleSession(api: TestApi, sub: string, coupleId: string, scheduledFor: string): Promise<any> {
  return dataOf(await api.as(sub, SCHEDULE_SESSION, { input: { coupleId, scheduledFor } }), 'scheduleSession').scheduleSession;
}

/** Answers one prompt as `sub` and returns the SessionPrompt. */
export async function answerPrompt(api: TestApi, sub: string, sessionId: string, promptId: string, text: string): Promise<any> {
  return dataOf(await api.as(sub, ANSWER_PROMPT, { input: { sessionId, promptId, text } }), 'answerPrompt').answerPrompt;
}

/** Two new people and their ACTIVE couple. */
export interface CoupleNames {
  a: string;
  b: string;
  coupleId: string;
}

/**
 * A maker of fresh ACTIVE couples of two new people (`ana1`/`ben1`,
 * `ana2`/`ben2`, ...), so that the tests of one file never share a person
 * or a couple. `api` is read on each call: files create it in beforeAll.
 */
export function freshCouples(api: () => TestApi, names: readonly [string, string] = ['ana', 'ben']) {
  let counter = 0;
  return async (timezone = 'UTC'): Promise<CoupleNames> => {
    counter += 1;
    const [a, b] = [`${names[0]}${counter}`, `${names[1]}${counter}`];
    return { a, b, coupleId: await createActiveCouple(api(), a, b, timezone) };
  };
}

/**
 * The heaviest operation a dashboard needs (README "Query limits"): a
 * couple with its plan, health, a page of 20 sessions with prompts, answers
 * and authors, 20 reflections and 20 reminders. The query-limits test keeps
 * it accepted; bench/warm.ts measures it.
 */
export const DASHBOARD_QUERY = `query Dashboard {
  me { person { id displayName timezone } scopes
    couple { id status createdAt lastReconnectedAt nextReminderAt
      partners { id displayName }
      plan { sessionsPerMonth reminderTime timezone pausedUntil }
      health { sessionsLast30Days daysSinceLastReconnect closenessAverage30d closenessTrend participationBalance driftRisk driftSignals
        closenessSeries { date closeness partner { id } } }
      sessions(first: 20) { pageInfo { hasNextPage endCursor }
        edges { cursor node { id status startedAt completedAt bothParticipated startedBy { id displayName }
          prompts { position prompt { id text theme depth followUps } waitingOn { id displayName }
            answers { text answeredAt author { id displayName } } } } } }
      reflections(first: 20) { pageInfo { hasNextPage endCursor }
        edges { node { id body closeness feelings createdAt version author { id displayName } sharing { partner careTeam } } } }
      reminders(first: 20) { edges { node { id kind status dueAt suggestedPrompt { id text } } } }
    }
  }
}`;
