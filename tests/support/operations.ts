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
