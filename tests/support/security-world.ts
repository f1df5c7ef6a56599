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
import { CREATE_PRACTICE, GRANT } from './practice-operations';
import { CREATE_WEBHOOK, SEND_TEST_EVENT } from './webhooks';

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
  /** Words only the owner wrote, to look for in responses that must not carry them. */
  ownerSecrets: string[];
  /** Practice members relative to this couple (worlds built with `practices: true`). */
  practices?: PracticeCallers;
  /** The REFLECTIONS practice's own prompt, and its assignment to this couple (with `practices: true`; else ghosts). */
  practiceId: string;
  practicePromptId: string;
  assignmentId: string;
  /** A COUNSELOR of that practice (not one of the callers). */
  counselorPersonId: string;
}

/** Practice members relative to one couple: no grant, an active SUMMARY grant, an active REFLECTIONS grant. Subs. */
export interface PracticeCallers {
  practiceMember: string;
  practiceSummary: string;
  practiceReflections: string;
}

const CREATE_PROMPT = 'mutation($input: CreatePromptInput!) { createPrompt(input: $input) { id } }';
const ADD_MEMBER = 'mutation($p: ID!, $who: ID!) { addPracticeMember(input: { practiceId: $p, personId: $who, role: COUNSELOR }) { id } }';
const ASSIGN = 'mutation($input: AssignPromptInput!) { assignPrompt(input: $input) { id } }';

/**
 * Three practices for the couple, each created by its own ADMIN: one the
 * couple never granted, one both partners granted SUMMARY, one both granted
 * REFLECTIONS; the last writes a prompt and assigns it to the couple.
 */
async function addPractices(api: TestApi, tag: string, coupleId: string, partners: [string, string]) {
  const callers: PracticeCallers = {
    practiceMember: `pm-none-${tag}`,
    practiceSummary: `pm-sum-${tag}`,
    practiceReflections: `pm-refl-${tag}`,
  };
  const ids: Partial<Record<keyof PracticeCallers, string>> = {};
  for (const role of Object.keys(callers) as (keyof PracticeCallers)[]) {
    ids[role] = dataOf(
      await api.as(callers[role], CREATE_PRACTICE, { name: `Practice ${tag} ${role}` }),
      'createPractice',
    ).createPractice.id;
  }
  for (const [role, scope] of [
    ['practiceSummary', 'SUMMARY'],
    ['practiceReflections', 'REFLECTIONS'],
  ] as const) {
    for (const partner of partners) dataOf(await api.as(partner, GRANT, { coupleId, practiceId: ids[role], scope }), `grant ${scope}`);
  }
  const practiceId = ids.practiceReflections as string;
  const counselor = `pm-couns-${tag}`;
  const counselorPersonId = await personIdOf(api, counselor);
  dataOf(await api.as(callers.practiceReflections, ADD_MEMBER, { p: practiceId, who: counselorPersonId }), 'addPracticeMember');
  const practicePromptId = dataOf(
    await api.as(callers.practiceReflections, CREATE_PROMPT, {
      input: { practiceId, text: `Practice prompt ${tag}`, theme: 'LISTENING', depth: 'MEDIUM' },
    }),
    'createPrompt',
  ).createPrompt.id;
  const assignmentId = dataOf(
    await api.as(callers.practiceReflections, ASSIGN, { input: { coupleId, practiceId, promptId: practicePromptId, note: `note ${tag}` } }),
    'assignPrompt',
  ).assignPrompt.id;
  return { practices: callers, practiceId, practicePromptId, assignmentId, counselorPersonId };
}

let counter = 0;

/**
 * A couple of two new people with a session both answered, two reflections
 * of the owner (private, shared), a webhook and a reminder; `ended` makes the
 * partner leave at the end. Costs about 15 requests (about 25 with `practices`).
 */
export async function buildCoupleWorld(
  api: TestApi,
  options: { ended?: boolean; label?: string; practices?: boolean } = {},
): Promise<Targets> {
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
  const sharedReflection = await writeReflection(api, ownerSub, coupleId, {
    body: `shared words ${tag}`,
    sharing: { partner: true, careTeam: true },
  });
  const webhookToken = `hook-secret-${tag}`;
  const webhook = dataOf(
    await api.as(ownerSub, CREATE_WEBHOOK, {
      input: { coupleId, url: `https://hooks.example.com/in?token=${webhookToken}`, events: ['SESSION_COMPLETED'] },
    }),
    'createWebhook',
  ).createWebhook.webhook;
  const delivery = dataOf(await api.as(ownerSub, SEND_TEST_EVENT, { input: { webhookId: webhook.id } }), 'sendTestWebhookEvent')
    .sendTestWebhookEvent.delivery;

  const practice = options.practices
    ? await addPractices(api, tag, coupleId, [ownerSub, partnerSub])
    : {
        practices: undefined,
        practiceId: toGlobalId('Practice', randomUUID()),
        practicePromptId: toGlobalId('Prompt', randomUUID()),
        assignmentId: toGlobalId('PromptAssignment', randomUUID()),
        counselorPersonId: toGlobalId('Person', randomUUID()),
      };

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
    ownerSecrets: [secretAnswer, secretPrivate, webhookToken],
    ...practice,
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
    practicePromptId: ghost('Prompt'),
    assignmentId: ghost('PromptAssignment'),
    counselorPersonId: ghost('Person'),
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
