/**
 * The whole flow of a third-party app against the local run, with the typed
 * client: two people form a couple, plan, hold a reconnect session (schedule,
 * start, answer, reveal, complete), reflect, read their health and reminders,
 * and receive every step as a verified webhook, through the developer loop
 * (test event, delivery log, redelivery, secret rotation with grace); then a
 * counseling practice takes them on its caseload with both partners' consent
 * (examples/practice-flow.ts).
 *
 *     npm start                      # in one terminal
 *     npx tsx examples/flow.ts       # in another (RECONNECT_URL=http://127.0.0.1:4000 by default)
 *
 * `npm test` runs it against a fresh `npm start` (tests/examples/), so the
 * examples cannot drift from the API.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createClient, isAlreadyApplied, localToken } from './client';
import {
  AcknowledgeReminderDocument as AcknowledgeReminder,
  AnswerPromptDocument as AnswerPrompt,
  CompleteSessionDocument as CompleteSession,
  CreateCoupleDocument as CreateCouple,
  CreateWebhookDocument as CreateWebhook,
  HealthDocument as Health,
  JoinCoupleDocument as JoinCouple,
  MeDocument as Me,
  RedeliverWebhookDeliveryDocument as RedeliverWebhookDelivery,
  ReflectionsDocument as Reflections,
  RemindersDocument as Reminders,
  RotateWebhookSigningSecretDocument as RotateWebhookSigningSecret,
  ScheduleSessionDocument as ScheduleSession,
  SendTestWebhookEventDocument as SendTestWebhookEvent,
  SessionAnswersDocument as SessionAnswers,
  StartSessionDocument as StartSession,
  UpdateReconnectPlanDocument as UpdateReconnectPlan,
  WebhookDeliveriesDocument as WebhookDeliveries,
  WriteReflectionDocument as WriteReflection,
  type WriteReflectionMutationVariables,
} from './generated/graphql';
import { type PracticeFlowResult, runPracticeFlow } from './practice-flow';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';

/** What the flow saw, step by step (the test asserts on it; the CLI prints it). */
export interface FlowResult {
  coupleId: string;
  coupleStatus: string;
  promptCount: number;
  /** Answers Alice sees after both answered: hers and Ben's (the reveal). */
  revealedAnswers: number;
  sessionStatus: string;
  reflectionClosenessSeen: number | null;
  /** Ben's reflections Alice sees after Ben's write and its retry with the same Idempotency-Key (1: no duplicate). */
  reflectionsAfterRetry: number;
  /** What the retry with the same Idempotency-Key got ('already applied'). */
  retryOutcome: string;
  health: { sessionsLast30Days: number; daysSinceLastReconnect: number | null; driftRisk: string };
  reminderKinds: string[];
  acknowledged: string;
  /** Verified webhooks the receiver got, in order of arrival. */
  webhooks: ReceivedWebhook[];
  /** Deliveries listed by the API with their attempts. */
  deliveries: { event: string; status: string; test: boolean; attempts: number; firstResponseStatus: number | null }[];
  redeliveredTimes: number;
  /** Signatures on a delivery during the rotation's grace period (2), and after the receiver switched (still 2: grace lasts). */
  signaturesDuringGrace: number;
  rejectedByReceiver: number;
  /** The counseling-practice part: consent, caseload, homework, access log, revocation. */
  practice: PracticeFlowResult;
}

export interface FlowOptions {
  /** The local run, e.g. http://127.0.0.1:4000 */
  baseUrl: string;
  log?: (line: string) => void;
  /** A receiver to use (else one is started on a free port and closed at the end). */
  receiver?: WebhookReceiver;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Runs the flow once with two fresh people (a run never collides with an earlier one on the same data). */
export async function runFlow(options: FlowOptions): Promise<FlowResult> {
  const { baseUrl } = options;
  const log = options.log ?? (() => undefined);
  const run = randomBytes(4).toString('hex');
  const receiver = options.receiver ?? (await startWebhookReceiver({ log: (line) => log(`  webhook ← ${line}`) }));
  try {
    // 1. Tokens (the local issuer; Cognito in the cloud) and who they are.
    const alice = createClient(baseUrl, await localToken(baseUrl, `alice-${run}`, 'Alice'));
    const ben = createClient(baseUrl, await localToken(baseUrl, `ben-${run}`, 'Ben'));
    const me = await alice.request(Me, {});
    log(`me: ${me.me.person?.displayName} with scopes ${me.me.scopes.join(' ')}`);

    // 2. Couple and invite.
    const created = await alice.request(CreateCouple, { input: { timezone: 'Europe/Berlin' } });
    const coupleId = created.createCouple.couple.id;
    const joined = await ben.request(JoinCouple, { code: created.createCouple.invite.code });
    log(`couple ${coupleId}: ${joined.joinCouple.status} with ${joined.joinCouple.partners.map((p) => p.displayName).join(' and ')}`);

    // 3. Plan.
    const planned = await alice.request(UpdateReconnectPlan, { input: { coupleId, sessionsPerMonth: 4, reminderTime: '19:30' } });
    log(`plan: ${planned.updateReconnectPlan.plan.sessionsPerMonth} a month, reminders at ${planned.updateReconnectPlan.plan.reminderTime}`);

    // 4. A webhook for every event, checked with a test event first.
    const hook = await alice.request(CreateWebhook, {
      input: { coupleId, url: receiver.url, events: ['SESSION_COMPLETED', 'REFLECTION_SHARED', 'RECONNECT_REMINDER_DUE'] },
    });
    const webhookId = hook.createWebhook.webhook.id;
    receiver.secrets.push(hook.createWebhook.signingSecret);
    const test = await alice.request(SendTestWebhookEvent, { webhookId, event: 'SESSION_COMPLETED' });
    await receiver.waitFor((w) => w.id === test.sendTestWebhookEvent.delivery.id);
    log(`webhook ${webhookId}: test event verified by the receiver`);

    // 5. A session: schedule, start, both answer, reveal, complete.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = await ben.request(ScheduleSession, { coupleId, scheduledFor: tomorrow });
    const started = await alice.request(StartSession, { coupleId, sessionId: scheduled.scheduleSession.id, promptCount: 2 });
    const sessionId = started.startSession.id;
    for (const { prompt } of started.startSession.prompts) {
      await alice.request(AnswerPrompt, { sessionId, promptId: prompt.id, text: `Alice on "${prompt.text}"` });
      await ben.request(AnswerPrompt, { sessionId, promptId: prompt.id, text: `Ben on "${prompt.text}"` });
    }
    const revealed = await alice.request(SessionAnswers, { id: sessionId });
    const revealedAnswers = revealed.session?.prompts.reduce((sum, p) => sum + (p.answers?.length ?? 0), 0) ?? 0;
    const completed = await alice.request(CompleteSession, { sessionId });
    await receiver.waitFor((w) => w.type === 'SESSION_COMPLETED' && !w.test);
    log(`session ${sessionId}: ${started.startSession.prompts.length} prompts, ${revealedAnswers} answers revealed, ${completed.completeSession.status}`);

    // 6. A reflection shared with the partner, sent as a client that lost the first answer and retried:
    //    with the same Idempotency-Key the retry is refused as "already applied" (CONFLICT), not written twice.
    const reflection: WriteReflectionMutationVariables = {
      input: { coupleId, sessionId, body: 'I felt heard tonight.', closeness: 8, feelings: ['HEARD', 'CLOSE'], sharing: { partner: true } },
    };
    const idempotencyKey = randomUUID();
    await ben.request(WriteReflection, reflection, { idempotencyKey });
    const retry = await ben.request(WriteReflection, reflection, { idempotencyKey }).then(
      () => 'written again',
      (error: unknown) => {
        if (isAlreadyApplied(error)) return 'already applied';
        throw error;
      },
    );
    await receiver.waitFor((w) => w.type === 'REFLECTION_SHARED');
    const reflections = await alice.request(Reflections, { coupleId, first: 5 });
    const bens = reflections.couple?.reflections?.edges.filter((e) => e.node.author.displayName === 'Ben') ?? [];
    const shared = bens[0];
    log(`reflection: Alice reads Ben's (closeness ${shared?.node.closeness ?? '-'}); his retry: ${retry}, ${bens.length} reflection of his`);

    // 7. Health.
    const health = await alice.request(Health, { coupleId });
    const h = health.couple?.health;
    if (!h || !health.couple?.nextReminderAt) throw new Error('The couple has no health or next reminder');
    log(`health: ${h.sessionsLast30Days} session(s) in 30 days, drift risk ${h.driftRisk}`);

    // 8. Reminders: run the sweep at the couple's next reminder (the local route), then acknowledge it.
    await post(`${baseUrl}/local/reminders/sweep`, { now: health.couple.nextReminderAt });
    const reminders = await alice.request(Reminders, { coupleId });
    const reminder = reminders.couple?.reminders.edges[0]?.node;
    if (!reminder) throw new Error('The sweep created no reminder');
    const acknowledged = await ben.request(AcknowledgeReminder, { reminderId: reminder.id });
    await receiver.waitFor((w) => w.type === 'RECONNECT_REMINDER_DUE');
    log(`reminder ${reminder.kind} due ${reminder.dueAt}: ${acknowledged.acknowledgeReminder.status}`);

    // 9. The delivery log, and a redelivery of the session's delivery.
    const listed = await alice.request(WebhookDeliveries, { webhookId });
    const webhook = listed.node?.__typename === 'Webhook' ? listed.node : null;
    const deliveries = (webhook?.deliveries.edges ?? []).map(({ node }) => ({
      id: node.id,
      event: node.event,
      status: node.status,
      test: node.test,
      attempts: node.attempts,
      firstResponseStatus: node.attemptLog[0]?.responseStatus ?? null,
    }));
    const sessionDelivery = deliveries.find((d) => d.event === 'SESSION_COMPLETED' && !d.test);
    if (!sessionDelivery) throw new Error('No SESSION_COMPLETED delivery listed');
    await alice.request(RedeliverWebhookDelivery, { webhookId, deliveryId: sessionDelivery.id });
    const again = await receiver.waitFor((w) => w.id === sessionDelivery.id && w.times >= 2);
    log(`deliveries: ${deliveries.length} listed; ${sessionDelivery.id} redelivered (received ${again.times} times, deduplicated by webhook-id)`);

    // 10. Rotate the secret with a grace period: the receiver still has only the old one, and still verifies.
    const rotated = await alice.request(RotateWebhookSigningSecret, { webhookId, gracePeriodHours: 24 });
    const duringGrace = await alice.request(SendTestWebhookEvent, { webhookId, event: 'REFLECTION_SHARED' });
    const graceDelivery = await receiver.waitFor((w) => w.id === duringGrace.sendTestWebhookEvent.delivery.id);
    receiver.secrets.unshift(rotated.rotateWebhookSigningSecret.signingSecret);
    log(`rotation: ${graceDelivery.signatures} signatures until ${rotated.rotateWebhookSigningSecret.previousSecretExpiresAt}; the receiver now has the new secret`);

    // 11-16. A counseling practice: consent from both partners, caseload, homework, access log, revocation.
    const practice = await runPracticeFlow({ baseUrl, run, coupleId, alice, ben, log });

    return {
      coupleId,
      coupleStatus: joined.joinCouple.status,
      promptCount: started.startSession.prompts.length,
      revealedAnswers,
      sessionStatus: completed.completeSession.status,
      reflectionClosenessSeen: shared?.node.closeness ?? null,
      reflectionsAfterRetry: bens.length,
      retryOutcome: retry,
      health: { sessionsLast30Days: h.sessionsLast30Days, daysSinceLastReconnect: h.daysSinceLastReconnect ?? null, driftRisk: h.driftRisk },
      reminderKinds: (reminders.couple?.reminders.edges ?? []).map((e) => e.node.kind),
      acknowledged: acknowledged.acknowledgeReminder.status,
      webhooks: [...receiver.received],
      deliveries: deliveries.map(({ id: _id, ...rest }) => rest),
      redeliveredTimes: again.times,
      signaturesDuringGrace: graceDelivery.signatures,
      rejectedByReceiver: receiver.rejected,
      practice,
    };
  } finally {
    if (!options.receiver) await receiver.close();
  }
}

if (require.main === module) {
  const baseUrl = (process.env.RECONNECT_URL || 'http://127.0.0.1:4000').replace(/\/$/, '');
  runFlow({ baseUrl, log: (line) => console.log(line) }).then(
    (result) => console.log(`\nDone: ${result.webhooks.length} verified webhooks, ${result.rejectedByReceiver} rejected.`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      console.error(`Is the local run up? npm start serves ${baseUrl} (set RECONNECT_URL otherwise).`);
      process.exit(1);
    },
  );
}
