/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AssignPromptInput = {
  coupleId: string;
  /** A future instant. */
  dueBy?: string | null | undefined;
  /** At most 1,000 characters. */
  note?: string | null | undefined;
  practiceId: string;
  promptId: string;
};

export type AssignmentStatus =
  | 'DONE'
  | 'OPEN';

export type CareScope =
  | 'REFLECTIONS'
  | 'SUMMARY';

export type CoupleStatus =
  | 'ACTIVE'
  /** Created; the second partner has not joined yet. */
  | 'AWAITING_PARTNER'
  /** A partner left. Read-only history; no reminders. */
  | 'ENDED';

export type CreateCoupleInput = {
  /** Defaults to the caller's profile time zone, else UTC. */
  timezone?: string | null | undefined;
};

export type CreatePromptInput = {
  depth: PromptDepth;
  /** At most 5, each 1 to 500 characters. */
  followUps?: Array<string> | null | undefined;
  practiceId: string;
  /** 1 to 500 characters. */
  text: string;
  theme: PromptTheme;
};

export type CreateWebhookInput = {
  coupleId?: string | null | undefined;
  events: Array<WebhookEvent>;
  practiceId?: string | null | undefined;
  /** https only, and never a private, loopback or link-local address (BAD_USER_INPUT). A local run may allow loopback for development. */
  url: string;
};

export type DeliveryStatus =
  | 'DELIVERED'
  /** Gave up after the last retry; kept for inspection and redelivery. */
  | 'FAILED'
  | 'PENDING';

export type DriftRisk =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type DriftSignal =
  /** Closeness trend below -0.5 points a week. */
  | 'CLOSENESS_DECLINING'
  /** Two or more reconnect reminders in a row passed without a reconnect. */
  | 'IGNORED_REMINDERS'
  /** Mean closeness over 30 days below 5. */
  | 'LOW_CLOSENESS'
  /** One partner did under a quarter of the answers and reflections in 30 days. */
  | 'ONE_SIDED_PARTICIPATION'
  /** No reconnect within the plan's interval (30 / sessionsPerMonth days) plus a grace of half that. */
  | 'OVERDUE_RECONNECT';

export type Feeling =
  | 'AFRAID'
  | 'ANXIOUS'
  | 'CALM'
  | 'CLOSE'
  | 'DISTANT'
  | 'FRUSTRATED'
  | 'GRATEFUL'
  | 'HEARD'
  | 'HOPEFUL'
  | 'HURT'
  | 'INSECURE'
  | 'LONELY'
  | 'LOVED'
  | 'SAFE';

export type PracticeRole =
  | 'ADMIN'
  | 'COUNSELOR';

export type PromptDepth =
  | 'DEEP'
  | 'LIGHT'
  | 'MEDIUM';

export type PromptTheme =
  | 'APPRECIATION'
  | 'DAILY_LIFE'
  | 'FEELING_SAFE'
  | 'GOALS_AND_DREAMS'
  | 'LISTENING'
  | 'RECONNECTING'
  | 'REPAIR'
  | 'SPEAKING_TRUTH'
  | 'TRUST'
  | 'VULNERABILITY';

export type ReflectionSharingInput = {
  careTeam?: boolean | null | undefined;
  partner?: boolean | null | undefined;
};

export type ReminderKind =
  /** Sent to the care team: the couple's drift risk became HIGH. */
  | 'CARE_TEAM_ALERT'
  /** The plan's interval passed without a reconnect. */
  | 'RECONNECT_DUE'
  /** A scheduled session starts within the hour. */
  | 'SESSION_UPCOMING';

export type ReminderStatus =
  /** A partner saw it. Acknowledging is not reconnecting: the reminders keep their cadence. */
  | 'ACKNOWLEDGED'
  | 'PENDING'
  /** A reconnect happened, or a newer reminder replaced it. */
  | 'RESOLVED';

export type SessionStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'IN_PROGRESS'
  | 'SCHEDULED';

export type UpdateReconnectPlanInput = {
  coupleId: string;
  /** Null or a past instant resumes reminders. */
  pausedUntil?: string | null | undefined;
  reminderTime?: string | null | undefined;
  sessionsPerMonth?: number | null | undefined;
  timezone?: string | null | undefined;
};

export type UpdateWebhookInput = {
  /** true reactivates a webhook (for instance one that a 410 Gone deactivated); false pauses it. Absent: unchanged. */
  active?: boolean | null | undefined;
  /** Non-empty, without duplicates. Absent: unchanged. */
  events?: Array<WebhookEvent> | null | undefined;
  /** Checked like createWebhook's url (BAD_USER_INPUT). Absent: unchanged. */
  url?: string | null | undefined;
  webhookId: string;
};

export type WebhookEvent =
  | 'CARE_TEAM_ALERT'
  | 'RECONNECT_REMINDER_DUE'
  | 'REFLECTION_SHARED'
  | 'SESSION_COMPLETED';

export type WriteReflectionInput = {
  /** 1 to 20,000 characters. */
  body: string;
  /** 1 to 10. */
  closeness?: number | null | undefined;
  /** An ACTIVE couple of the caller (CONFLICT naming the status otherwise). */
  coupleId: string;
  /** Duplicates are ignored. */
  feelings?: Array<Feeling> | null | undefined;
  /** A library prompt; with sessionId, one of that session's prompts. */
  promptId?: string | null | undefined;
  /** A session of that couple, IN_PROGRESS or COMPLETED; writing on it makes the author a participant. */
  sessionId?: string | null | undefined;
  sharing?: ReflectionSharingInput | null | undefined;
};

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { scopes: Array<string>, person: { id: string, displayName: string } | null } };

export type CreateCoupleMutationVariables = Exact<{
  input: CreateCoupleInput;
}>;


export type CreateCoupleMutation = { createCouple: { couple: { id: string, status: CoupleStatus }, invite: { code: string, expiresAt: string } } };

export type JoinCoupleMutationVariables = Exact<{
  code: string;
}>;


export type JoinCoupleMutation = { joinCouple: { id: string, status: CoupleStatus, partners: Array<{ id: string, displayName: string }> } };

export type UpdateReconnectPlanMutationVariables = Exact<{
  input: UpdateReconnectPlanInput;
}>;


export type UpdateReconnectPlanMutation = { updateReconnectPlan: { id: string, nextReminderAt: string | null, plan: { sessionsPerMonth: number, reminderTime: string, timezone: string } } };

export type ScheduleSessionMutationVariables = Exact<{
  coupleId: string;
  scheduledFor: string;
}>;


export type ScheduleSessionMutation = { scheduleSession: { id: string, status: SessionStatus, scheduledFor: string | null } };

export type StartSessionMutationVariables = Exact<{
  coupleId: string;
  sessionId?: string | null | undefined;
  promptCount?: number | null | undefined;
}>;


export type StartSessionMutation = { startSession: { id: string, status: SessionStatus, prompts: Array<{ position: number, prompt: { id: string, text: string } }> } };

export type AnswerPromptMutationVariables = Exact<{
  sessionId: string;
  promptId: string;
  text: string;
}>;


export type AnswerPromptMutation = { answerPrompt: { position: number, answers: Array<{ text: string, author: { displayName: string } }> | null, waitingOn: Array<{ displayName: string }> } };

export type SessionAnswersQueryVariables = Exact<{
  id: string;
}>;


export type SessionAnswersQuery = { session: { id: string, status: SessionStatus, bothParticipated: boolean, prompts: Array<{ position: number, answers: Array<{ text: string, author: { displayName: string } }> | null, waitingOn: Array<{ displayName: string }> }> } | null };

export type CompleteSessionMutationVariables = Exact<{
  sessionId: string;
}>;


export type CompleteSessionMutation = { completeSession: { id: string, status: SessionStatus, completedAt: string | null, bothParticipated: boolean } };

export type WriteReflectionMutationVariables = Exact<{
  input: WriteReflectionInput;
}>;


export type WriteReflectionMutation = { writeReflection: { id: string, version: number, closeness: number | null, feelings: Array<Feeling> } };

export type ReflectionsQueryVariables = Exact<{
  coupleId: string;
  first?: number | null | undefined;
}>;


export type ReflectionsQuery = { couple: { id: string, reflections: { edges: Array<{ node: { id: string, body: string, closeness: number | null, author: { displayName: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null };

export type HealthQueryVariables = Exact<{
  coupleId: string;
}>;


export type HealthQuery = { couple: { id: string, lastReconnectedAt: string | null, nextReminderAt: string | null, health: { sessionsLast30Days: number, daysSinceLastReconnect: number | null, closenessAverage30d: number | null, participationBalance: number | null, driftRisk: DriftRisk, driftSignals: Array<DriftSignal> } } | null };

export type RemindersQueryVariables = Exact<{
  coupleId: string;
}>;


export type RemindersQuery = { couple: { id: string, reminders: { edges: Array<{ node: { id: string, kind: ReminderKind, status: ReminderStatus, dueAt: string } }> } } | null };

export type AcknowledgeReminderMutationVariables = Exact<{
  reminderId: string;
}>;


export type AcknowledgeReminderMutation = { acknowledgeReminder: { id: string, status: ReminderStatus, acknowledgedAt: string | null } };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { createWebhook: { signingSecret: string, webhook: { id: string, url: string, events: Array<WebhookEvent>, active: boolean } } };

export type SendTestWebhookEventMutationVariables = Exact<{
  webhookId: string;
  event?: WebhookEvent | null | undefined;
}>;


export type SendTestWebhookEventMutation = { sendTestWebhookEvent: { delivery: { id: string, status: DeliveryStatus, test: boolean } } };

export type WebhookDeliveriesQueryVariables = Exact<{
  webhookId: string;
  status?: DeliveryStatus | null | undefined;
}>;


export type WebhookDeliveriesQuery = { node:
    | { __typename: 'Couple' }
    | { __typename: 'Person' }
    | { __typename: 'Practice' }
    | { __typename: 'Prompt' }
    | { __typename: 'PromptAssignment' }
    | { __typename: 'ReconnectSession' }
    | { __typename: 'Reflection' }
    | { __typename: 'Reminder' }
    | { __typename: 'Webhook', id: string, active: boolean, previousSecretExpiresAt: string | null, deliveries: { edges: Array<{ node: { id: string, event: WebhookEvent, status: DeliveryStatus, test: boolean, attempts: number, payload: string, attemptLog: Array<{ number: number, at: string, responseStatus: number | null, durationMs: number, responseExcerpt: string | null, error: string | null }> } }> } }
   | null };

export type RedeliverWebhookDeliveryMutationVariables = Exact<{
  webhookId: string;
  deliveryId: string;
}>;


export type RedeliverWebhookDeliveryMutation = { redeliverWebhookDelivery: { delivery: { id: string, status: DeliveryStatus } } };

export type UpdateWebhookMutationVariables = Exact<{
  input: UpdateWebhookInput;
}>;


export type UpdateWebhookMutation = { updateWebhook: { webhook: { id: string, url: string, events: Array<WebhookEvent>, active: boolean } } };

export type RotateWebhookSigningSecretMutationVariables = Exact<{
  webhookId: string;
  gracePeriodHours?: number | null | undefined;
}>;


export type RotateWebhookSigningSecretMutation = { rotateWebhookSigningSecret: { signingSecret: string, previousSecretExpiresAt: string | null } };

export type CreatePracticeMutationVariables = Exact<{
  name: string;
}>;


export type CreatePracticeMutation = { createPractice: { id: string, name: string, members: Array<{ role: PracticeRole, person: { displayName: string } }> } };

export type CreatePracticePromptMutationVariables = Exact<{
  input: CreatePromptInput;
}>;


export type CreatePracticePromptMutation = { createPrompt: { id: string, text: string } };

export type GrantCareAccessMutationVariables = Exact<{
  coupleId: string;
  practiceId: string;
  scope: CareScope;
}>;


export type GrantCareAccessMutation = { grantCareAccess: { active: boolean, scope: CareScope, grantedBy: Array<{ displayName: string }>, practice: { name: string } } };

export type CaseloadQueryVariables = Exact<{
  practiceId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CaseloadQuery = { practice: { id: string, couples: { totalCount: number, edges: Array<{ node: { scope: CareScope, grantedAt: string, couple: { id: string, partners: Array<{ displayName: string }>, health: { driftRisk: DriftRisk, driftSignals: Array<DriftSignal>, daysSinceLastReconnect: number | null, sessionsLast30Days: number } } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type AssignPromptMutationVariables = Exact<{
  input: AssignPromptInput;
}>;


export type AssignPromptMutation = { assignPrompt: { id: string, status: AssignmentStatus, note: string | null, dueBy: string | null, prompt: { text: string }, assignedBy: { displayName: string } } };

export type AssignmentsQueryVariables = Exact<{
  coupleId: string;
  status?: AssignmentStatus | null | undefined;
}>;


export type AssignmentsQuery = { couple: { id: string, assignments: { edges: Array<{ node: { id: string, status: AssignmentStatus, prompt: { text: string }, practice: { name: string } } }> } } | null };

export type AccessLogQueryVariables = Exact<{
  coupleId: string;
  first?: number | null | undefined;
}>;


export type AccessLogQuery = { couple: { id: string, accessLog: { edges: Array<{ node: { at: string, action: string, actor: { displayName: string }, practice: { name: string } } }> } } | null };

export type RevokeCareAccessMutationVariables = Exact<{
  coupleId: string;
  practiceId: string;
}>;


export type RevokeCareAccessMutation = { revokeCareAccess: { active: boolean, revokedAt: string | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    scopes
    person {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const CreateCoupleDocument = new TypedDocumentString(`
    mutation CreateCouple($input: CreateCoupleInput!) {
  createCouple(input: $input) {
    couple {
      id
      status
    }
    invite {
      code
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<CreateCoupleMutation, CreateCoupleMutationVariables>;
export const JoinCoupleDocument = new TypedDocumentString(`
    mutation JoinCouple($code: String!) {
  joinCouple(input: {code: $code}) {
    id
    status
    partners {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<JoinCoupleMutation, JoinCoupleMutationVariables>;
export const UpdateReconnectPlanDocument = new TypedDocumentString(`
    mutation UpdateReconnectPlan($input: UpdateReconnectPlanInput!) {
  updateReconnectPlan(input: $input) {
    id
    nextReminderAt
    plan {
      sessionsPerMonth
      reminderTime
      timezone
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateReconnectPlanMutation, UpdateReconnectPlanMutationVariables>;
export const ScheduleSessionDocument = new TypedDocumentString(`
    mutation ScheduleSession($coupleId: ID!, $scheduledFor: DateTime!) {
  scheduleSession(input: {coupleId: $coupleId, scheduledFor: $scheduledFor}) {
    id
    status
    scheduledFor
  }
}
    `) as unknown as TypedDocumentString<ScheduleSessionMutation, ScheduleSessionMutationVariables>;
export const StartSessionDocument = new TypedDocumentString(`
    mutation StartSession($coupleId: ID!, $sessionId: ID, $promptCount: Int) {
  startSession(
    input: {coupleId: $coupleId, sessionId: $sessionId, promptCount: $promptCount}
  ) {
    id
    status
    prompts {
      position
      prompt {
        id
        text
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StartSessionMutation, StartSessionMutationVariables>;
export const AnswerPromptDocument = new TypedDocumentString(`
    mutation AnswerPrompt($sessionId: ID!, $promptId: ID!, $text: String!) {
  answerPrompt(input: {sessionId: $sessionId, promptId: $promptId, text: $text}) {
    position
    answers {
      author {
        displayName
      }
      text
    }
    waitingOn {
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<AnswerPromptMutation, AnswerPromptMutationVariables>;
export const SessionAnswersDocument = new TypedDocumentString(`
    query SessionAnswers($id: ID!) {
  session(id: $id) {
    id
    status
    bothParticipated
    prompts {
      position
      answers {
        author {
          displayName
        }
        text
      }
      waitingOn {
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SessionAnswersQuery, SessionAnswersQueryVariables>;
export const CompleteSessionDocument = new TypedDocumentString(`
    mutation CompleteSession($sessionId: ID!) {
  completeSession(input: {sessionId: $sessionId}) {
    id
    status
    completedAt
    bothParticipated
  }
}
    `) as unknown as TypedDocumentString<CompleteSessionMutation, CompleteSessionMutationVariables>;
export const WriteReflectionDocument = new TypedDocumentString(`
    mutation WriteReflection($input: WriteReflectionInput!) {
  writeReflection(input: $input) {
    id
    version
    closeness
    feelings
  }
}
    `) as unknown as TypedDocumentString<WriteReflectionMutation, WriteReflectionMutationVariables>;
export const ReflectionsDocument = new TypedDocumentString(`
    query Reflections($coupleId: ID!, $first: Int) {
  couple(id: $coupleId) {
    id
    reflections(first: $first) {
      edges {
        node {
          id
          body
          closeness
          author {
            displayName
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReflectionsQuery, ReflectionsQueryVariables>;
export const HealthDocument = new TypedDocumentString(`
    query Health($coupleId: ID!) {
  couple(id: $coupleId) {
    id
    lastReconnectedAt
    nextReminderAt
    health {
      sessionsLast30Days
      daysSinceLastReconnect
      closenessAverage30d
      participationBalance
      driftRisk
      driftSignals
    }
  }
}
    `) as unknown as TypedDocumentString<HealthQuery, HealthQueryVariables>;
export const RemindersDocument = new TypedDocumentString(`
    query Reminders($coupleId: ID!) {
  couple(id: $coupleId) {
    id
    reminders(first: 10) {
      edges {
        node {
          id
          kind
          status
          dueAt
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RemindersQuery, RemindersQueryVariables>;
export const AcknowledgeReminderDocument = new TypedDocumentString(`
    mutation AcknowledgeReminder($reminderId: ID!) {
  acknowledgeReminder(input: {reminderId: $reminderId}) {
    id
    status
    acknowledgedAt
  }
}
    `) as unknown as TypedDocumentString<AcknowledgeReminderMutation, AcknowledgeReminderMutationVariables>;
export const CreateWebhookDocument = new TypedDocumentString(`
    mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    webhook {
      id
      url
      events
      active
    }
    signingSecret
  }
}
    `) as unknown as TypedDocumentString<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const SendTestWebhookEventDocument = new TypedDocumentString(`
    mutation SendTestWebhookEvent($webhookId: ID!, $event: WebhookEvent) {
  sendTestWebhookEvent(input: {webhookId: $webhookId, event: $event}) {
    delivery {
      id
      status
      test
    }
  }
}
    `) as unknown as TypedDocumentString<SendTestWebhookEventMutation, SendTestWebhookEventMutationVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($webhookId: ID!, $status: DeliveryStatus) {
  node(id: $webhookId) {
    __typename
    ... on Webhook {
      id
      active
      previousSecretExpiresAt
      deliveries(status: $status, first: 20) {
        edges {
          node {
            id
            event
            status
            test
            attempts
            payload
            attemptLog {
              number
              at
              responseStatus
              durationMs
              responseExcerpt
              error
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const RedeliverWebhookDeliveryDocument = new TypedDocumentString(`
    mutation RedeliverWebhookDelivery($webhookId: ID!, $deliveryId: ID!) {
  redeliverWebhookDelivery(
    input: {webhookId: $webhookId, deliveryId: $deliveryId}
  ) {
    delivery {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<RedeliverWebhookDeliveryMutation, RedeliverWebhookDeliveryMutationVariables>;
export const UpdateWebhookDocument = new TypedDocumentString(`
    mutation UpdateWebhook($input: UpdateWebhookInput!) {
  updateWebhook(input: $input) {
    webhook {
      id
      url
      events
      active
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateWebhookMutation, UpdateWebhookMutationVariables>;
export const RotateWebhookSigningSecretDocument = new TypedDocumentString(`
    mutation RotateWebhookSigningSecret($webhookId: ID!, $gracePeriodHours: Int) {
  rotateWebhookSigningSecret(
    input: {webhookId: $webhookId, gracePeriodHours: $gracePeriodHours}
  ) {
    signingSecret
    previousSecretExpiresAt
  }
}
    `) as unknown as TypedDocumentString<RotateWebhookSigningSecretMutation, RotateWebhookSigningSecretMutationVariables>;
export const CreatePracticeDocument = new TypedDocumentString(`
    mutation CreatePractice($name: String!) {
  createPractice(input: {name: $name}) {
    id
    name
    members {
      role
      person {
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreatePracticeMutation, CreatePracticeMutationVariables>;
export const CreatePracticePromptDocument = new TypedDocumentString(`
    mutation CreatePracticePrompt($input: CreatePromptInput!) {
  createPrompt(input: $input) {
    id
    text
  }
}
    `) as unknown as TypedDocumentString<CreatePracticePromptMutation, CreatePracticePromptMutationVariables>;
export const GrantCareAccessDocument = new TypedDocumentString(`
    mutation GrantCareAccess($coupleId: ID!, $practiceId: ID!, $scope: CareScope!) {
  grantCareAccess(
    input: {coupleId: $coupleId, practiceId: $practiceId, scope: $scope}
  ) {
    active
    scope
    grantedBy {
      displayName
    }
    practice {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<GrantCareAccessMutation, GrantCareAccessMutationVariables>;
export const CaseloadDocument = new TypedDocumentString(`
    query Caseload($practiceId: ID!, $first: Int, $after: String) {
  practice(id: $practiceId) {
    id
    couples(orderBy: DRIFT_RISK, first: $first, after: $after) {
      totalCount
      edges {
        node {
          scope
          grantedAt
          couple {
            id
            partners {
              displayName
            }
            health {
              driftRisk
              driftSignals
              daysSinceLastReconnect
              sessionsLast30Days
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CaseloadQuery, CaseloadQueryVariables>;
export const AssignPromptDocument = new TypedDocumentString(`
    mutation AssignPrompt($input: AssignPromptInput!) {
  assignPrompt(input: $input) {
    id
    status
    note
    dueBy
    prompt {
      text
    }
    assignedBy {
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<AssignPromptMutation, AssignPromptMutationVariables>;
export const AssignmentsDocument = new TypedDocumentString(`
    query Assignments($coupleId: ID!, $status: AssignmentStatus) {
  couple(id: $coupleId) {
    id
    assignments(status: $status) {
      edges {
        node {
          id
          status
          prompt {
            text
          }
          practice {
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AssignmentsQuery, AssignmentsQueryVariables>;
export const AccessLogDocument = new TypedDocumentString(`
    query AccessLog($coupleId: ID!, $first: Int) {
  couple(id: $coupleId) {
    id
    accessLog(first: $first) {
      edges {
        node {
          at
          action
          actor {
            displayName
          }
          practice {
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AccessLogQuery, AccessLogQueryVariables>;
export const RevokeCareAccessDocument = new TypedDocumentString(`
    mutation RevokeCareAccess($coupleId: ID!, $practiceId: ID!) {
  revokeCareAccess(input: {coupleId: $coupleId, practiceId: $practiceId}) {
    active
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeCareAccessMutation, RevokeCareAccessMutationVariables>;