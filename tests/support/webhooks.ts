/**
 * Shared pieces of the webhook tests: the operations, a couple with a
 * webhook in one call, synthetic domain events (until sessions, reminders and
 * reflections produce real ones) and the in-process event path on the test's
 * table with a compressed schedule.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookConfig } from '../../functions/shared/config';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../../functions/shared/events/domain-event';
import type { SubscribableDetailType } from '../../functions/shared/events/webhook-events';
import { localIdOf } from '../../functions/shared/ids/global-id';
import type { RetryPolicy } from '../../functions/webhooks/retry-schedule';
import type { RetryMessage, RetryScheduler } from '../../functions/webhooks/retry-scheduler';
import { testSecretsConfig } from './secrets';
import { createInProcessEvents, type InProcessEvents } from '../../local/events/in-process-events';
import type { TestApi } from './test-api';
import type { TestTable } from './test-table';

/**
 * The contract's shape (8 attempts), compressed to waits of a few ms. The
 * attempt timeout stays generous: on a busy 2-core machine a local receiver
 * can take more than a second to answer, and a timed-out attempt that was in
 * fact answered is retried, which a test would see as a duplicate.
 */
export const FAST_POLICY: RetryPolicy = { delaysMs: [5, 10, 15, 20, 25, 30, 30], attemptTimeoutMs: 10_000 };

/** FAST_POLICY with a short timeout, for receivers that never answer (the timeout is what is under test). */
export const HANG_POLICY: RetryPolicy = { ...FAST_POLICY, attemptTimeoutMs: 300 };

export const WEBHOOK_FIELDS = 'id url events active createdAt couple { id }';
export const DELIVERY_FIELDS =
  'id event status attempts lastResponseStatus createdAt deliveredAt nextAttemptAt test payload attemptLog { number at responseStatus durationMs responseExcerpt error }';

export const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } signingSecret }
}`;

export const DELETE_WEBHOOK = `mutation($id: ID!) { deleteWebhook(input: { webhookId: $id }) { deletedId } }`;

export const WEBHOOK_DELIVERIES = `query($id: ID!, $status: DeliveryStatus, $first: Int, $after: String) {
  node(id: $id) { ... on Webhook { ${WEBHOOK_FIELDS} deliveries(status: $status, first: $first, after: $after) {
    edges { cursor node { ${DELIVERY_FIELDS} } } pageInfo { hasNextPage endCursor } } } }
}`;

export const WEBHOOK_DELIVERY = `query($id: ID!, $deliveryId: ID!) {
  node(id: $id) { ... on Webhook { delivery(id: $deliveryId) { ${DELIVERY_FIELDS} } } }
}`;

export const UPDATE_WEBHOOK = `mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { webhook { ${WEBHOOK_FIELDS} } } }`;

export const SEND_TEST_EVENT = `mutation($input: SendTestWebhookEventInput!) {
  sendTestWebhookEvent(input: $input) { delivery { ${DELIVERY_FIELDS} } }
}`;

export const REDELIVER = `mutation($input: RedeliverWebhookDeliveryInput!) {
  redeliverWebhookDelivery(input: $input) { delivery { ${DELIVERY_FIELDS} } }
}`;

export const ROTATE_SECRET = `mutation($input: RotateWebhookSigningSecretInput!) {
  rotateWebhookSigningSecret(input: $input) { webhook { ${WEBHOOK_FIELDS} previousSecretExpiresAt } signingSecret previousSecretExpiresAt }
}`;

/** The webhook Lambdas' config for a test table, in the local stage (loopback receivers allowed). */
export function testWebhookConfig(table: Pick<TestTable, 'tableName' | 'endpoint'>): WebhookConfig {
  return {
    stage: 'local',
    region: process.env.AWS_REGION ?? 'us-east-1',
    tableName: table.tableName,
    dynamodbEndpoint: table.endpoint,
    secrets: testSecretsConfig(),
  };
}

/** The in-process bus, dispatcher and timer retries on the test's table, with FAST_POLICY unless given. */
export function testEvents(table: Pick<TestTable, 'tableName' | 'endpoint'>, policy: RetryPolicy = FAST_POLICY): InProcessEvents {
  return createInProcessEvents(testWebhookConfig(table), { policy, busRetryDelaysMs: [] });
}

/** Creates a webhook as `sub`; throws on errors. */
export async function createWebhook(
  api: TestApi,
  sub: string,
  input: { url: string; coupleId: string; events?: string[] },
): Promise<{ id: string; signingSecret: string }> {
  const response = await api.as(sub, CREATE_WEBHOOK, { input: { events: ['SESSION_COMPLETED'], ...input } });
  if (response.errors) throw new Error(`createWebhook failed: ${JSON.stringify(response.errors)}`);
  return { id: response.data.createWebhook.webhook.id, signingSecret: response.data.createWebhook.signingSecret };
}

/** A synthetic event for the couple behind a global couple id (what a producer would publish). */
export function eventFor(coupleGlobalId: string, type: SubscribableDetailType = DETAIL_TYPES.sessionCompleted): DomainEvent {
  const coupleId = localIdOf(coupleGlobalId, 'Couple');
  if (!coupleId) throw new Error(`Not a couple id: ${coupleGlobalId}`);
  const now = new Date().toISOString();
  const data: Record<SubscribableDetailType, Record<string, string>> = {
    [DETAIL_TYPES.sessionCompleted]: { sessionId: randomUUID(), completedAt: now },
    [DETAIL_TYPES.reminderDue]: { reminderId: randomUUID(), dueAt: now },
    [DETAIL_TYPES.reflectionShared]: { reflectionId: randomUUID(), sessionId: randomUUID(), sharedAt: now },
    [DETAIL_TYPES.careTeamAlert]: { reminderId: randomUUID(), dueAt: now },
  };
  return newDomainEvent({ type, coupleId, occurredAt: now, data: data[type] });
}

/** A retry scheduler that only records; the test decides when (and whether) a retry "arrives". */
export function recordingScheduler(): RetryScheduler & { scheduled: { message: RetryMessage; delayMs: number }[] } {
  const scheduled: { message: RetryMessage; delayMs: number }[] = [];
  return { scheduled, schedule: async (message, delayMs) => void scheduled.push({ message, delayMs }) };
}
