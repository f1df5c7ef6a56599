import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../shared/auth/actor';
import type { AppConfig } from '../shared/config';
import type { TableContext } from '../shared/data/table';
import type { EventPublisher } from '../shared/events/publisher';
import type { Logger } from '../shared/logging/logger';
import type { SecretSealer } from '../shared/secrets/secret-sealer';
import type { Clock } from '../shared/time/clock';
import { CoupleRepository } from '../couples/couple.repository';
import { CoupleService } from '../couples/couple.service';
import { PersonRepository } from '../people/person.repository';
import { PersonService } from '../people/person.service';
import type { RandomSource } from '../prompts/prompt-draw';
import { PromptRepository } from '../prompts/prompt.repository';
import { PromptService } from '../prompts/prompt.service';
import { SessionRepository } from '../sessions/session.repository';
import { SessionService } from '../sessions/session.service';
import { ReminderRepository } from '../reminders/reminder.repository';
import { ReminderService } from '../reminders/reminder.service';
import { DeliveryRepository } from '../webhooks/delivery.repository';
import { WebhookRepository } from '../webhooks/webhook.repository';
import { WebhookService } from '../webhooks/webhook.service';
import { EventOutbox } from '../shared/events/outbox';
import { HealthRepository } from '../health/health.repository';
import { HealthService } from '../health/health.service';
import { ReflectionRepository } from '../reflections/reflection.repository';
import { ReflectionService } from '../reflections/reflection.service';
import { AccessLogRepository } from '../practices/access-log.repository';
import { CareTeamAccess } from '../practices/care-team-access';
import { CareTrailRepository } from '../practices/care-trail.repository';
import { CareWatchRepository } from '../practices/care-watch.repository';
import { DriftTracker } from '../care/drift-tracker';
import { GrantRepository } from '../practices/grant.repository';
import { PracticeAudience } from '../practices/practice-audience';
import { PracticeRepository } from '../practices/practice.repository';
import { PracticeService } from '../practices/practice.service';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { AssignmentService } from '../assignments/assignment.service';
import { ErasureRepository } from '../privacy/erasure.repository';
import type { IdentityDirectory } from '../privacy/identity-directory';
import { PrivacyService } from '../privacy/privacy.service';
import { RateLimitRepository } from '../shared/rate-limit/rate-limit.repository';
import { IdempotencyRepository } from '../shared/idempotency/idempotency.repository';
import { gateWrites } from './gated-client';

const admittedAlready = async (): Promise<void> => undefined;

/** What lives as long as the Lambda container: created once at cold start. */
export interface AppDependencies {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  /** Randomness for drawing prompts; Math.random unless a test seeds it. */
  random?: RandomSource;
  stage: AppConfig['stage'];
  /**
   * Where domain events go: EventBridge in the cloud, the in-process bus
   * locally. Producers publish through an outbox, not directly:
   * `new EventOutbox(table, deps.events, deps.logger)` (shared/events/outbox.ts).
   */
  events: EventPublisher;
  logger: Logger;
  /** Seals webhook signing secrets before they are stored (KMS data keys in the cloud). */
  sealer: SecretSealer;
  /**
   * Deletes an erased person's sign-in identity (the erasure's last step).
   * Null where this Lambda may not: the cloud GraphQL Lambda leaves it, and
   * the DONE marker, to the erasure sweep (README "Export and erasure").
   */
  identities: IdentityDirectory | null;
  /** Test hook: called after each erasure batch (tests/privacy crash an erasure half-way with it). */
  afterErasureBatch?: (step: string) => void;
  /** See HandlerOverrides.erasureRequestBudgetMs. */
  erasureRequestBudgetMs?: number;
}

/**
 * The handler's per-request question "was this caller erased, or is their
 * erasure under way?" (one consistent GetItem of the erasure marker).
 */
export function createErasureCheck(deps: Pick<AppDependencies, 'client' | 'tableName'>) {
  const erasures = new ErasureRepository({ client: deps.client, tableName: deps.tableName });
  return async (personId: string) => (await erasures.get(personId))?.status ?? null;
}

/**
 * The services of one request, for one caller. Repositories are per request
 * because their DataLoaders cache reads: a cache shared across requests would
 * serve one caller's stale view to another; and the care-team access
 * decisions (and the access log's per-request de-duplication) are the
 * caller's, never shared.
 *
 * `admitted` resolves once the caller passed the rate limit and the erasure
 * check (admission.ts): the services' writes wait for it, their reads do not.
 */
export function createServices(deps: AppDependencies, actor: Actor, admitted: () => Promise<void> = admittedAlready) {
  const table: TableContext = { client: gateWrites(deps.client, admitted), tableName: deps.tableName };
  const people = new PersonRepository(table);
  const couples = new CoupleRepository(table, deps.clock);
  const prompts = new PromptRepository(undefined, table);
  const sessions = new SessionRepository(table, couples);
  const reminders = new ReminderRepository(table);
  const outbox = new EventOutbox(table, deps.events, deps.logger);
  const practices = new PracticeRepository(table);
  const grants = new GrantRepository(table, practices);
  const accessLog = new AccessLogRepository(table);
  const access = new CareTeamAccess(actor, grants, practices, accessLog, deps.clock);
  const healthRepository = new HealthRepository(table);
  const watches = new CareWatchRepository(table);
  const health = new HealthService(healthRepository, people, deps.clock, access, watches);
  const tracker = new DriftTracker({
    table,
    couples,
    grants,
    watches,
    health,
    alerts: reminders,
    outbox,
    clock: deps.clock,
    logger: deps.logger,
  });
  const practiceService = new PracticeService(practices, grants, accessLog, couples, people, access, deps.clock, tracker);
  const reflectionRepository = new ReflectionRepository(table);
  const webhookRepository = new WebhookRepository(table);
  const coupleService = new CoupleService(couples, people, deps.clock, access, practiceService, tracker);
  const assignmentRepository = new AssignmentRepository(table);
  const careTrail = new CareTrailRepository(table);
  const privacy = new PrivacyService(
    { people, couples, sessions, reflections: reflectionRepository, grants, reminders, accessLog, practices },
    deps.clock,
    {
      erasures: new ErasureRepository(table),
      health: healthRepository,
      careWatches: watches,
      webhooks: webhookRepository,
      rateLimits: new RateLimitRepository(table),
      idempotency: new IdempotencyRepository(table),
      careTrail,
      assignments: assignmentRepository,
      identities: deps.identities,
      leaveCouple: (caller, coupleId) => coupleService.leave(caller, coupleId),
      afterBatch: deps.afterErasureBatch,
      requestBudgetMs: deps.erasureRequestBudgetMs,
    },
  );
  const assignments = new AssignmentService(assignmentRepository, couples, prompts, practices, grants, access, deps.clock);
  return {
    // People do not depend on couples: the one couple fact a person lookup needs is handed in.
    people: new PersonService(people, async (coupleId) => (await couples.get(coupleId))?.partnerIds ?? null, deps.clock),
    couples: coupleService,
    prompts: new PromptService(prompts, new PracticeAudience(practices, grants, people), deps.clock),
    sessions: new SessionService(
      sessions,
      couples,
      people,
      prompts,
      deps.clock,
      deps.random ?? Math.random,
      outbox,
      reminders,
      healthRepository,
      access,
      (coupleId) => assignments.openPrompts(coupleId),
      assignments,
      tracker,
    ),
    reminders: new ReminderService(reminders, couples, prompts, deps.clock, practices),
    webhooks: new WebhookService(
      webhookRepository,
      new DeliveryRepository(table),
      couples,
      deps.clock,
      // The contract lets a local run deliver to the developer's own machine.
      { allowLoopback: deps.stage === 'local' },
      outbox,
      deps.sealer,
      practices,
      careTrail,
    ),
    reflections: new ReflectionService(
      reflectionRepository,
      couples,
      sessions,
      prompts,
      deps.clock,
      outbox,
      reminders,
      healthRepository,
      access,
      tracker,
    ),
    health,
    practices: practiceService,
    assignments,
    privacy,
  };
}

export type Services = ReturnType<typeof createServices>;

export type { Actor };
