import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../shared/auth/actor';
import type { AppConfig } from '../shared/config';
import type { TableContext } from '../shared/data/table';
import type { EventPublisher } from '../shared/events/publisher';
import type { Logger } from '../shared/logging/logger';
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
}

/**
 * The services of one request. Repositories are per request because their
 * DataLoaders cache reads: a cache shared across requests would serve one
 * caller's stale view to another.
 */
export function createServices(deps: AppDependencies) {
  const table: TableContext = { client: deps.client, tableName: deps.tableName };
  const people = new PersonRepository(table);
  const couples = new CoupleRepository(table, deps.clock);
  const prompts = new PromptRepository();
  const sessions = new SessionRepository(table, couples);
  const reminders = new ReminderRepository(table);
  const outbox = new EventOutbox(table, deps.events, deps.logger);
  const health = new HealthRepository(table);
  return {
    // People do not depend on couples: the one couple fact a person lookup needs is handed in.
    people: new PersonService(people, async (coupleId) => (await couples.get(coupleId))?.partnerIds ?? null, deps.clock),
    couples: new CoupleService(couples, people, deps.clock),
    prompts: new PromptService(prompts),
    sessions: new SessionService(sessions, couples, people, prompts, deps.clock, deps.random ?? Math.random, outbox, reminders, health),
    reminders: new ReminderService(reminders, couples, prompts, deps.clock),
    webhooks: new WebhookService(
      new WebhookRepository(table),
      new DeliveryRepository(table),
      couples,
      deps.clock,
      {
        // The contract lets a local run deliver to the developer's own machine.
        allowLoopback: deps.stage === 'local',
      },
      outbox,
    ),
    reflections: new ReflectionService(new ReflectionRepository(table), couples, sessions, prompts, deps.clock, outbox, reminders, health),
    health: new HealthService(health, people, deps.clock),
  };
}

export type Services = ReturnType<typeof createServices>;

export type { Actor };
