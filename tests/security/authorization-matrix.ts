/**
 * The authorization matrix: for every query field, node type and mutation of
 * the schema, what each kind of caller gets when it names another person's
 * objects. authorization-matrix.test.ts lists the schema's fields and fails
 * for any that is not classified here, so a new field cannot be forgotten.
 *
 * To classify a new field or mutation: add one entry (its operation, and the
 * outcome for every role). To add a role (e.g. a practice member): add it to
 * ROLES and MatrixEntry; tsc then lists every entry that needs its outcome.
 */
import type { Targets } from '../support/security-world';

/** Who asks, relative to the owner's objects. */
export const ROLES = [
  'partner',
  'formerPartner',
  'stranger',
  'otherCouple',
  /** A member of a practice the couple never granted. */
  'practiceMember',
  /** A member of a practice with an active SUMMARY grant: health, plan, session times; never text. */
  'practiceSummary',
  /** A member of a practice with an active REFLECTIONS grant: adds care-team-shared reflections and revealed answers. */
  'practiceReflections',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * - allowed: the operation succeeds (no error; the root field is not null).
 * - hidden: exactly what the same caller gets for an id that names nothing
 *   (null for queries and node, the same NOT_FOUND for mutations): no
 *   existence leak.
 * - forbidden: FORBIDDEN (the caller sees the object but may not do this).
 * - conflict: CONFLICT (the object's state does not allow it, e.g. an ENDED couple).
 */
export type Outcome = 'allowed' | 'hidden' | 'forbidden' | 'conflict';

export interface MatrixEntry {
  /** The operation, naming the targets' objects. */
  operation: (t: Targets) => { query: string; variables?: Record<string, unknown> };
  /** What the owner gets (default allowed): proves the operation is valid, so "hidden" cannot pass by a typo. */
  owner?: Outcome;
  /** Every role acts on an ACTIVE couple's objects, but formerPartner on an ENDED couple's. */
  expect: Record<Role, Outcome>;
  /** Changes what other rows read (ends, completes, deletes): each caller that may do it gets fresh objects. */
  destructive?: boolean;
}

/**
 * Operations that name no object of another person: they act on the caller
 * alone (or on public data). The test runs each once as a new person and checks
 * that the answer carries nothing of anyone else.
 */
export interface SelfEntry {
  self: (t: Targets) => { query: string; variables?: Record<string, unknown> };
  /** Why there is no role to check. */
  because: string;
}

/** `node(id:)` is covered type by type under `Node.<Type>`. */
export interface CoveredEntry {
  coveredBy: string;
}

export type Classification = MatrixEntry | SelfEntry | CoveredEntry;

const HIDDEN_FROM_OUTSIDERS = { stranger: 'hidden', otherCouple: 'hidden' } as const;
/** Practice members who may not act on the couple's objects, whatever their grant. */
const HIDDEN_FROM_PRACTICES = { practiceMember: 'hidden', practiceSummary: 'hidden', practiceReflections: 'hidden' } as const;
/** What the care team of a granted practice sees of the couple: not a member of another practice. */
const CARE_TEAM_READS = { practiceMember: 'hidden', practiceSummary: 'allowed', practiceReflections: 'allowed' } as const;

/** Keys: `Query.<field>`, `Mutation.<field>`, `Node.<Type>` for each type implementing Node. */
export const AUTHORIZATION_MATRIX: Record<string, Classification> = {
  // ---- queries ----------------------------------------------------------
  'Query.me': {
    self: () => ({ query: '{ me { person { id displayName } couple { id } scopes } }' }),
    because: 'the caller only',
  },
  'Query.node': { coveredBy: 'Node.*' },
  'Query.prompts': {
    self: () => ({ query: '{ prompts(first: 5) { edges { node { id text } } } }' }),
    because: 'the public built-in library (practices add their own with contract part 05)',
  },
  'Query.couple': {
    operation: (t) => ({ query: 'query($id: ID!) { couple(id: $id) { id status partners { id } } }', variables: { id: t.coupleId } }),
    expect: { partner: 'allowed', formerPartner: 'allowed', ...HIDDEN_FROM_OUTSIDERS, ...CARE_TEAM_READS },
  },
  'Query.session': {
    operation: (t) => ({
      query: 'query($id: ID!) { session(id: $id) { id status prompts { answers { text } } } }',
      variables: { id: t.sessionId },
    }),
    expect: { partner: 'allowed', formerPartner: 'allowed', ...HIDDEN_FROM_OUTSIDERS, ...CARE_TEAM_READS },
  },
  'Query.reflection': {
    operation: (t) => ({ query: 'query($id: ID!) { reflection(id: $id) { id body } }', variables: { id: t.sharedReflectionId } }),
    expect: {
      partner: 'allowed',
      formerPartner: 'allowed',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
  },

  // ---- node types -------------------------------------------------------
  'Node.Couple': {
    operation: (t) => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Couple { status } } }', variables: { id: t.coupleId } }),
    expect: { partner: 'allowed', formerPartner: 'allowed', ...HIDDEN_FROM_OUTSIDERS, ...CARE_TEAM_READS },
  },
  'Node.Person': {
    operation: (t) => ({
      query: 'query($id: ID!) { node(id: $id) { id ... on Person { displayName } } }',
      variables: { id: t.ownerPersonId },
    }),
    // Former partners still see each other through the ENDED couple's partners, not by id (PersonService.getVisible).
    expect: { partner: 'allowed', formerPartner: 'hidden', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Node.Prompt': {
    operation: (t) => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Prompt { text } } }', variables: { id: t.promptId } }),
    // The built-in library is public to every person.
    expect: {
      partner: 'allowed',
      formerPartner: 'allowed',
      stranger: 'allowed',
      otherCouple: 'allowed',
      practiceMember: 'allowed',
      practiceSummary: 'allowed',
      practiceReflections: 'allowed',
    },
  },
  'Node.ReconnectSession': {
    operation: (t) => ({
      query: 'query($id: ID!) { node(id: $id) { id ... on ReconnectSession { status } } }',
      variables: { id: t.sessionId },
    }),
    expect: { partner: 'allowed', formerPartner: 'allowed', ...HIDDEN_FROM_OUTSIDERS, ...CARE_TEAM_READS },
  },
  'Node.Reflection': {
    operation: (t) => ({
      query: 'query($id: ID!) { node(id: $id) { id ... on Reflection { body } } }',
      variables: { id: t.privateReflectionId },
    }),
    // A private reflection: the author alone, even for the partner.
    expect: { partner: 'hidden', formerPartner: 'hidden', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Node.Reminder': {
    operation: (t) => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Reminder { status } } }', variables: { id: t.reminderId } }),
    expect: { partner: 'allowed', formerPartner: 'allowed', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Node.Webhook': {
    operation: (t) => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Webhook { url } } }', variables: { id: t.webhookId } }),
    expect: { partner: 'allowed', formerPartner: 'allowed', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },

  // ---- mutations --------------------------------------------------------
  'Mutation.updateProfile': {
    self: () => ({ query: 'mutation { updateProfile(input: { displayName: "Self" }) { id displayName } }' }),
    because: 'changes the caller only',
  },
  'Mutation.createCouple': {
    self: () => ({ query: 'mutation { createCouple(input: {}) { couple { id } invite { code } } }' }),
    because: 'creates the caller’s own couple',
  },
  'Mutation.joinCouple': {
    self: () => ({ query: 'mutation { joinCouple(input: { code: "ZZZZZZZZZZ" }) { id } }' }),
    because: 'the invite code is the credential (whoever holds it may join: contract part 01); an unknown code is BAD_USER_INPUT',
  },
  'Mutation.renewInvite': {
    operation: (t) => ({ query: 'mutation($id: ID!) { renewInvite(input: { coupleId: $id }) { code } }', variables: { id: t.coupleId } }),
    owner: 'conflict',
    expect: { partner: 'conflict', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.leaveCouple': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { leaveCouple(input: { coupleId: $id }) { id status } }',
      variables: { id: t.coupleId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
    destructive: true,
  },
  'Mutation.updateReconnectPlan': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { updateReconnectPlan(input: { coupleId: $id, sessionsPerMonth: 5 }) { id } }',
      variables: { id: t.coupleId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.scheduleSession': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { scheduleSession(input: { coupleId: $id, scheduledFor: "2027-01-10T18:00:00Z" }) { id } }',
      variables: { id: t.coupleId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.startSession': {
    operation: (t) => ({ query: 'mutation($id: ID!) { startSession(input: { coupleId: $id }) { id } }', variables: { id: t.coupleId } }),
    // The world's session is IN_PROGRESS: one at a time.
    owner: 'conflict',
    expect: { partner: 'conflict', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.answerPrompt': {
    operation: (t) => ({
      query: 'mutation($s: ID!, $p: ID!) { answerPrompt(input: { sessionId: $s, promptId: $p, text: "Again" }) { position } }',
      variables: { s: t.sessionId, p: t.promptId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.completeSession': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { completeSession(input: { sessionId: $id }) { id status } }',
      variables: { id: t.sessionId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
    destructive: true,
  },
  'Mutation.cancelSession': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { cancelSession(input: { sessionId: $id }) { id status } }',
      variables: { id: t.sessionId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
    destructive: true,
  },
  'Mutation.writeReflection': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { writeReflection(input: { coupleId: $id, body: "Mine" }) { id } }',
      variables: { id: t.coupleId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.reviseReflection': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { reviseReflection(input: { reflectionId: $id, expectedVersion: 1, body: "Changed" }) { id version } }',
      variables: { id: t.sharedReflectionId },
    }),
    // The partner reads the shared reflection but only its author may change it.
    expect: { partner: 'forbidden', formerPartner: 'forbidden', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
    destructive: true,
  },
  'Mutation.deleteReflection': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { deleteReflection(input: { reflectionId: $id }) { deletedId } }',
      variables: { id: t.sharedReflectionId },
    }),
    expect: { partner: 'forbidden', formerPartner: 'forbidden', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
    destructive: true,
  },
  'Mutation.acknowledgeReminder': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { acknowledgeReminder(input: { reminderId: $id }) { id status } }',
      variables: { id: t.reminderId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.createWebhook': {
    operation: (t) => ({
      query: `mutation($id: ID!) { createWebhook(input: { coupleId: $id, url: "https://hooks.example.com/matrix", events: [SESSION_COMPLETED] }) {
        webhook { id } } }`,
      variables: { id: t.coupleId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.deleteWebhook': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { deleteWebhook(input: { webhookId: $id }) { deletedId } }',
      variables: { id: t.webhookId },
    }),
    expect: { partner: 'allowed', formerPartner: 'allowed', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
    destructive: true,
  },
  'Mutation.updateWebhook': {
    operation: (t) => ({
      query:
        'mutation($id: ID!) { updateWebhook(input: { webhookId: $id, events: [SESSION_COMPLETED, REFLECTION_SHARED] }) { webhook { id } } }',
      variables: { id: t.webhookId },
    }),
    // An ENDED couple's webhooks can only be read and deleted.
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.sendTestWebhookEvent': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { sendTestWebhookEvent(input: { webhookId: $id }) { delivery { id } } }',
      variables: { id: t.webhookId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.redeliverWebhookDelivery': {
    operation: (t) => ({
      query: 'mutation($id: ID!, $d: ID!) { redeliverWebhookDelivery(input: { webhookId: $id, deliveryId: $d }) { delivery { id } } }',
      variables: { id: t.webhookId, d: t.webhookDeliveryId },
    }),
    // The world's delivery is still PENDING (no dispatcher runs here): redelivery waits for it to end, for everyone who sees it.
    owner: 'conflict',
    expect: { partner: 'conflict', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },
  'Mutation.rotateWebhookSigningSecret': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { rotateWebhookSigningSecret(input: { webhookId: $id, gracePeriodHours: 1 }) { signingSecret } }',
      variables: { id: t.webhookId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
  },

  // ---- practices (contract parts 05 and 07) -----------------------------
  // The practice named is the one with the REFLECTIONS grant: its ADMIN is practiceReflections.
  'Query.practice': {
    operation: (t) => ({ query: 'query($id: ID!) { practice(id: $id) { id name } }', variables: { id: t.practiceId } }),
    // Members only: the couple it cares for does not see the practice by id.
    owner: 'hidden',
    expect: {
      partner: 'hidden',
      formerPartner: 'hidden',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
  },
  'Node.Practice': {
    operation: (t) => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Practice { name } } }', variables: { id: t.practiceId } }),
    owner: 'hidden',
    expect: {
      partner: 'hidden',
      formerPartner: 'hidden',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
  },
  'Node.PromptAssignment': {
    operation: (t) => ({
      query: 'query($id: ID!) { node(id: $id) { id ... on PromptAssignment { status } } }',
      variables: { id: t.assignmentId },
    }),
    // The couple's partners (former ones too: history stays readable), and members of the practice that assigned it.
    expect: {
      partner: 'allowed',
      formerPartner: 'allowed',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
  },
  'Mutation.createPractice': {
    self: () => ({ query: 'mutation { createPractice(input: { name: "Own practice" }) { id name } }' }),
    because: 'the caller creates a practice of their own and becomes its first ADMIN',
  },
  'Mutation.addPracticeMember': {
    operation: (t) => ({
      query: 'mutation($p: ID!, $who: ID!) { addPracticeMember(input: { practiceId: $p, personId: $who, role: COUNSELOR }) { id } }',
      variables: { p: t.practiceId, who: t.ownerPersonId },
    }),
    owner: 'hidden',
    expect: {
      partner: 'hidden',
      formerPartner: 'hidden',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
    destructive: true,
  },
  'Mutation.removePracticeMember': {
    operation: (t) => ({
      query: 'mutation($p: ID!, $who: ID!) { removePracticeMember(input: { practiceId: $p, personId: $who }) { id } }',
      variables: { p: t.practiceId, who: t.counselorPersonId },
    }),
    owner: 'hidden',
    expect: {
      partner: 'hidden',
      formerPartner: 'hidden',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
    destructive: true,
  },
  'Mutation.grantCareAccess': {
    operation: (t) => ({
      query: 'mutation($c: ID!, $p: ID!) { grantCareAccess(input: { coupleId: $c, practiceId: $p, scope: SUMMARY }) { active } }',
      variables: { c: t.coupleId, p: t.practiceId },
    }),
    expect: { partner: 'allowed', formerPartner: 'conflict', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
    destructive: true,
  },
  'Mutation.revokeCareAccess': {
    operation: (t) => ({
      query: 'mutation($c: ID!, $p: ID!) { revokeCareAccess(input: { coupleId: $c, practiceId: $p }) { active } }',
      variables: { c: t.coupleId, p: t.practiceId },
    }),
    // Withdrawing consent is always possible, also for a former partner (the grant already ended with the couple).
    expect: { partner: 'allowed', formerPartner: 'allowed', ...HIDDEN_FROM_OUTSIDERS, ...HIDDEN_FROM_PRACTICES },
    destructive: true,
  },
  'Mutation.createPrompt': {
    operation: (t) => ({
      query: 'mutation($p: ID!) { createPrompt(input: { practiceId: $p, text: "Matrix prompt", theme: TRUST, depth: LIGHT }) { id } }',
      variables: { p: t.practiceId },
    }),
    owner: 'hidden',
    expect: {
      partner: 'hidden',
      formerPartner: 'hidden',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
  },
  'Mutation.archivePrompt': {
    operation: (t) => ({
      query: 'mutation($id: ID!) { archivePrompt(input: { promptId: $id }) { id archived } }',
      variables: { id: t.practicePromptId },
    }),
    owner: 'hidden',
    expect: {
      partner: 'hidden',
      formerPartner: 'hidden',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
    destructive: true,
  },
  'Mutation.assignPrompt': {
    operation: (t) => ({
      query: 'mutation($c: ID!, $p: ID!, $q: ID!) { assignPrompt(input: { coupleId: $c, practiceId: $p, promptId: $q }) { id } }',
      variables: { c: t.coupleId, p: t.practiceId, q: t.practicePromptId },
    }),
    owner: 'hidden',
    expect: {
      partner: 'hidden',
      formerPartner: 'hidden',
      ...HIDDEN_FROM_OUTSIDERS,
      practiceMember: 'hidden',
      practiceSummary: 'hidden',
      practiceReflections: 'allowed',
    },
  },
};
