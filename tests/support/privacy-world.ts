/**
 * A rich account for the export and erasure tests: `ana` was in a couple
 * with `carl` (ENDED), and is now in an ACTIVE couple with `ben`, with
 * sessions and answers from both partners, reflections of every sharing
 * (revised too), a care grant to a practice whose counselor read the couple
 * (access log), a second practice whose grant `ana` revoked, reminders
 * from the sweep (one acknowledged by `ana`) and a webhook `ana` created
 * and then re-pointed, an Idempotency-Key record keeping the answer of one
 * of her mutations: every kind of record that names her.
 * Every name gets a suffix so that one test table holds several worlds.
 */
import { answerPrompt, dataOf, JOIN_COUPLE, LEAVE_COUPLE, createCouple, startSession } from './operations';
import { createPractice, grantBoth, REVOKE } from './practice-operations';
import { REVISE_REFLECTION, WRITE_REFLECTION, writeReflection } from './reflection-operations';
import { ACKNOWLEDGE_REMINDER, createTestSweep } from './reminders';
import type { TestApi } from './test-api';
import { CREATE_WEBHOOK, UPDATE_WEBHOOK } from './webhooks';

export interface PrivacyWorld {
  ana: string;
  ben: string;
  carl: string;
  cora: string;
  /** Ana's ACTIVE couple with Ben, and her ENDED one with Carl (global ids). */
  coupleId: string;
  endedCoupleId: string;
  practiceId: string;
  sessionId: string;
  /** Texts only Ana wrote: none may survive her erasure. */
  anaTexts: string[];
  /** Texts Ben and Carl wrote: all must survive Ana's erasure, none may appear in her export. */
  othersTexts: string[];
  anaName: string;
}

/** Builds the world through the API (and one sweep run for the reminders). */
export async function buildPrivacyWorld(api: TestApi, suffix: string): Promise<PrivacyWorld> {
  const [ana, ben, carl, cora] = ['ana', 'ben', 'carl', 'cora'].map((n) => `${n}-${suffix}`) as [string, string, string, string];
  const anaName = `Ana Zelinska ${suffix}`;
  dataOf(await api.as(ana, 'mutation($n: String!) { updateProfile(input: { displayName: $n }) { id } }', { n: anaName }), 'profile');

  // The ENDED couple, with one reflection each.
  const first = await createCouple(api, ana, 'UTC');
  dataOf(await api.as(carl, JOIN_COUPLE, { code: first.code }), 'join carl');
  await writeReflection(api, ana, first.coupleId, { body: `Ana with Carl, private ${suffix}`, closeness: 4 });
  await writeReflection(api, carl, first.coupleId, { body: `Carl shared ${suffix}`, sharing: { partner: true, careTeam: false } });
  dataOf(await api.as(ana, LEAVE_COUPLE, { id: first.coupleId }), 'leave');

  // The ACTIVE couple.
  const second = await createCouple(api, ana, 'UTC');
  dataOf(await api.as(ben, JOIN_COUPLE, { code: second.code }), 'join ben');
  const coupleId = second.coupleId;
  const session = await startSession(api, ana, coupleId, { promptCount: 2 });
  const [p1, p2] = session.prompts.map((p: { prompt: { id: string } }) => p.prompt.id);
  await answerPrompt(api, ana, session.id, p1, `Ana answers one ${suffix}`);
  await answerPrompt(api, ben, session.id, p1, `Ben answers one ${suffix}`);
  // Ben's unrevealed answer: Ana has not answered prompt 2.
  await answerPrompt(api, ben, session.id, p2, `Ben unrevealed ${suffix}`);
  const shared = await writeReflection(api, ana, coupleId, {
    body: `Ana shared v1 ${suffix}`,
    closeness: 7,
    feelings: ['HOPEFUL'],
    sharing: { partner: true, careTeam: true },
    sessionId: session.id,
  });
  dataOf(
    await api.as(ana, REVISE_REFLECTION, {
      input: { reflectionId: shared.id, expectedVersion: 1, body: `Ana shared v2 ${suffix}`, closeness: 8 },
    }),
    'revise',
  );
  // Sent with an Idempotency-Key: the answer kept for its retries holds her text and name, and must go with her.
  const privateInput = { coupleId, body: `Ana private ${suffix}`, closeness: 3, feelings: ['LONELY', 'HURT'] };
  dataOf(
    await api.as(ana, WRITE_REFLECTION, { input: privateInput }, undefined, { 'idempotency-key': `ana-private-${suffix}` }),
    'keyed reflection',
  );
  await writeReflection(api, ben, coupleId, { body: `Ben private ${suffix}`, closeness: 6 });
  await writeReflection(api, ben, coupleId, { body: `Ben shared ${suffix}`, sharing: { partner: true, careTeam: true } });

  // A practice the couple granted, and its counselor reading the couple (access log entries).
  const practiceId = await createPractice(api, cora, `Practice ${suffix}`);
  await grantBoth(api, [ana, ben], coupleId, practiceId);
  dataOf(
    await api.as(cora, `query($id: ID!) { couple(id: $id) { health { driftRisk } reflections { edges { node { id } } } } }`, {
      id: coupleId,
    }),
    'cora reads',
  );

  // A second practice the couple granted and Ana then revoked (she is its grant's revoker).
  const revokedPracticeId = await createPractice(api, cora, `Practice revoked ${suffix}`);
  await grantBoth(api, [ana, ben], coupleId, revokedPracticeId);
  dataOf(await api.as(ana, REVOKE, { coupleId, practiceId: revokedPracticeId }), 'revoke');

  // A webhook Ana created, then pointed elsewhere (it stays with the couple after her erasure).
  const webhook = dataOf(
    await api.as(ana, CREATE_WEBHOOK, {
      input: { coupleId, url: 'https://hooks.example.com/reconnect?token=ana', events: ['SESSION_COMPLETED'] },
    }),
    'webhook',
  ).createWebhook.webhook;
  dataOf(
    await api.as(ana, UPDATE_WEBHOOK, { input: { webhookId: webhook.id, url: 'https://hooks.example.com/reconnect?token=ana-v2' } }),
    'webhook url',
  );

  // Reminders: the sweep at the first due instant (10 days after activation, 19:00 UTC).
  const due = new Date(api.clock.now().getTime() + 11 * 86_400_000);
  due.setUTCHours(19, 0, 0, 0);
  const sweep = createTestSweep(api);
  try {
    await sweep.run(due.toISOString());
  } finally {
    sweep.close();
  }
  // Ana acknowledges the reminder (she is its acknowledger).
  const reminder = dataOf(
    await api.as(ana, 'query($id: ID!) { couple(id: $id) { reminders(first: 1) { edges { node { id } } } } }', { id: coupleId }),
    'reminders',
  ).couple.reminders.edges[0].node;
  dataOf(await api.as(ana, ACKNOWLEDGE_REMINDER, { id: reminder.id }), 'acknowledge');

  return {
    ana,
    ben,
    carl,
    cora,
    coupleId,
    endedCoupleId: first.coupleId,
    practiceId,
    sessionId: session.id,
    anaName,
    anaTexts: [
      `Ana with Carl, private ${suffix}`,
      `Ana answers one ${suffix}`,
      `Ana shared v1 ${suffix}`,
      `Ana shared v2 ${suffix}`,
      `Ana private ${suffix}`,
    ],
    othersTexts: [
      `Carl shared ${suffix}`,
      `Ben answers one ${suffix}`,
      `Ben unrevealed ${suffix}`,
      `Ben private ${suffix}`,
      `Ben shared ${suffix}`,
    ],
  };
}
