/**
 * The people and objects the authorization matrix (tests/security) runs
 * against: an owner's ACTIVE couple with one of everything, an ENDED couple
 * with its former partner, a stranger and another couple.
 */
import { randomUUID } from 'node:crypto';
import { toGlobalId, type NodeType } from '../../functions/shared/ids/global-id';
import { answerPrompt, COMPLETE_SESSION, createActiveCouple, createCouple, dataOf, LEAVE_COUPLE, startSession } from './operations';
import { personIdOf, writeReflection } from './reflection-operations';
import { createTestSweep, remindersOf } from './reminders';
import type { TestApi } from './test-api';
import { CREATE_WEBHOOK, SEND_TEST_EVENT } from './webhooks';
import { CREATE_PRACTICE, GRANT } from './practice-operations';

/** The objects of one couple that operations name. Global ids. */
export interface Targets {
  /** The sub of the person whose data this is (the couple's first partner). */
  ownerSub: string;
  /** The sub of the other partner (former partner for an ENDED couple). */
  partnerSub: string;
  coupleId: string;
  ownerPersonId: string;
  /** A session both partners answered: IN_PROGRESS in an ACTIVE couple, COMPLETED in an ENDED one. */
  sessionId: string;
  promptId: string;
  /** The owner's private reflection (on the session). */
  privateReflectionId: string;
  /** The owner's reflection shared with the partner and the care team. */
  sharedReflectionId: string;
  /** Created by the owner. */
  webhookId: string;
  /** A test delivery of that webhook (PENDING: no dispatcher runs in these tests). */
  webhookDeliveryId: string;
  reminderId: string;
  /** A practice the owner created (owner: its only ADMIN), which both partners granted REFLECTIONS. */
  practiceId: string;
  /** A prompt of that practice, written by the owner. */
  practicePromptId: string;
  /** That prompt, assigned by the owner (as a member) to the couple. */
  assignmentId: string;
  /** Words only the owner wrote, to look for in responses that must not carry them. */
  ownerSecrets: string[];
}

let counter = 0;

/**
 * A couple of two new people with a session both answered, two reflections
 * of the owner (private, shared), a webhook and a reminder; `ended` makes the
 * partner leave at the end. Costs about 15 requests.
 */
export async function buildCoupleWorld(api: TestApi, options: { ended?: boolean; label?: string } = {}): Promise<Targets> {
  counter += 1;
  const tag = `${options.label ?? 'w'}${counter}`;
  const ownerSub = `owner-${tag}`;
  const partnerSub = `partner-${tag}`;
  const coupleId = await createActiveCouple(api, ownerSub, partnerSub);
  // A reminder falls due 10 days after activation with the default plan; the sweep creates it.
  const sweep = createTestSweep(api);
  try {
    await sweep.run(new Date(api.clock.now().getTime() + 12 * 86_400_000).toISOString());
  } finally {
    sweep.close();
  }
  const [reminder] = await remindersOf(api, ownerSub, coupleId);
  if (!reminder) throw new Error('buildCoupleWorld: the sweep created no reminder');

  const session = await startSession(api, ownerSub, coupleId);
  const promptId = session.prompts[0].prompt.id;
  const secretAnswer = `answer-secret-${tag}`;
  await answerPrompt(api, ownerSub, session.id, promptId, secretAnswer);
  await answerPrompt(api, partnerSub, session.id, promptId, `partner answer ${tag}`);
  const secretPrivate = `private-secret-${tag}`;
  const privateReflection = await writeReflection(api, ownerSub, coupleId, { sessionId: session.id, body: secretPrivate });
  const sharedReflection = await writeReflection(api, ownerSub, coupleId, { body: `shared words ${tag}`, sharing: { partner: true, careTeam: true } });
  const webhookToken = `hook-secret-${tag}`;
  const webhook = dataOf(
    await api.as(ownerSub, CREATE_WEBHOOK, {
      input: { coupleId, url: `https://hooks.example.com/in?token=${webhookToken}`, events: ['SESSION_COMPLETED'] },
    }),
    'createWebhook',
  ).createWebhook.webhook;
  const delivery = dataOf(await api.as(ownerSub, SEND_TEST_EVENT, { input: { webhookId: webhook.id } }), 'sendTestWebhookEvent')
    .sendTestWebhookEvent.delivery;

  const practiceId = dataOf(await api.as(ownerSub, CREATE_PRACTICE, { name: `Practice ${tag}` }), 'createPractice').createPractice.id;
  for (const sub of [ownerSub, partnerSub])
    dataOf(await api.as(sub, GRANT, { coupleId, practiceId, scope: 'REFLECTIONS' }), 'grantCareAccess');
  const practicePrompt = dataOf(
    await api.as(
      ownerSub,
      'mutation($p: ID!) { createPrompt(input: { practiceId: $p, text: "What helped this week?", theme: TRUST, depth: LIGHT }) { id } }',
      { p: practiceId },
    ),
    'createPrompt',
  ).createPrompt;
  const assignment = dataOf(
    await api.as(
      ownerSub,
      'mutation($c: ID!, $p: ID!, $q: ID!) { assignPrompt(input: { coupleId: $c, practiceId: $p, promptId: $q }) { id } }',
      {
        c: coupleId,
        p: practiceId,
        q: practicePrompt.id,
      },
    ),
    'assignPrompt',
  ).assignPrompt;

  if (options.ended) {
    dataOf(await api.as(ownerSub, COMPLETE_SESSION, { id: session.id }), 'completeSession');
    dataOf(await api.as(partnerSub, LEAVE_COUPLE, { id: coupleId }), 'leaveCouple');
  }
  return {
    ownerSub,
    partnerSub,
    coupleId,
    ownerPersonId: await personIdOf(api, ownerSub),
    sessionId: session.id,
    promptId,
    privateReflectionId: privateReflection.id,
    sharedReflectionId: sharedReflection.id,
    webhookId: webhook.id,
    webhookDeliveryId: delivery.id,
    reminderId: reminder.id,
    practiceId,
    practicePromptId: practicePrompt.id,
    assignmentId: assignment.id,
    ownerSecrets: [secretAnswer, secretPrivate, webhookToken],
  };
}

/** Ids of the right types that name nothing: what an absent object looks like (library prompts stay real). */
export function ghostTargets(real: Targets): Targets {
  const ghost = (type: NodeType) => toGlobalId(type, randomUUID());
  return {
    ...real,
    coupleId: ghost('Couple'),
    ownerPersonId: ghost('Person'),
    sessionId: ghost('ReconnectSession'),
    privateReflectionId: ghost('Reflection'),
    sharedReflectionId: ghost('Reflection'),
    webhookId: ghost('Webhook'),
    webhookDeliveryId: randomUUID(),
    reminderId: ghost('Reminder'),
    practiceId: ghost('Practice'),
    practicePromptId: toGlobalId('Prompt', `pp-${randomUUID()}`),
    assignmentId: ghost('PromptAssignment'),
  };
}

/** A person in no couple (made on first call). */
export function strangerSub(): string {
  counter += 1;
  return `stranger-${counter}`;
}

/** The first partner of another ACTIVE couple. */
export async function otherCoupleSub(api: TestApi): Promise<string> {
  counter += 1;
  await createActiveCouple(api, `other-a-${counter}`, `other-b-${counter}`);
  return `other-a-${counter}`;
}

/** A person alone in an AWAITING_PARTNER couple, and its invite code. */
export async function awaitingCouple(api: TestApi): Promise<{ sub: string; coupleId: string; code: string }> {
  counter += 1;
  const sub = `awaiting-${counter}`;
  return { sub, ...(await createCouple(api, sub)) };
}
