import { randomUUID } from 'node:crypto';
import type { TableContext } from '../shared/data/table';
import { DETAIL_TYPES, type DomainEvent } from '../shared/events/domain-event';
import { webhookEventOf } from '../shared/events/webhook-events';
import type { Logger } from '../shared/logging/logger';
import type { SecretSealer } from '../shared/secrets/secret-sealer';
import type { Clock } from '../shared/time/clock';
import { DeliveryRepository, type AttemptOutcome } from './delivery.repository';
import type { DeliveryTransport } from './delivery-transport';
import { retryLostWrite } from './lost-races';
import { nextRetryDelayMs, type RetryPolicy } from './retry-schedule';
import type { RetryMessage, RetryScheduler } from './retry-scheduler';
import { signingSecretContext } from './secret-context';
import { signedHeaders } from './signing';
import {
  MAX_ATTEMPTS_PER_DELIVERY,
  type DeliveryAttempt,
  type Webhook,
  type WebhookDelivery,
  type WebhookWithSecret,
} from './webhook.model';
import { buildPayload } from './webhook-payload';
import { WebhookRepository } from './webhook.repository';

export interface DispatcherDeps {
  table: TableContext;
  clock: Clock;
  transport: DeliveryTransport;
  scheduler: RetryScheduler;
  policy: RetryPolicy;
  logger: Logger;
  /** Opens the sealed signing secrets (KMS Decrypt in the cloud: only the webhook Lambdas may). */
  sealer: SecretSealer;
}

/** A retry message that arrives this much before its delivery is due still attempts (SQS delays are whole seconds). */
const DUE_TOLERANCE_MS = 1000;

/** A claimed attempt's lease outlives the attempt's own timeout by this much (time to record the outcome). */
const LEASE_MARGIN_MS = 5000;

export interface DispatchSummary {
  /** Active webhooks of the couple subscribed to the event. */
  subscribed: number;
  /** Deliveries created by this call (0 for an event seen before). */
  created: number;
}

/**
 * Webhook delivery, shared by the dispatch Lambda (first attempts, from the
 * bus rule), the retry Lambda (later attempts, from SQS) and the local run.
 *
 * Every step is safe to repeat, because each can be: EventBridge and Lambda
 * retry invocations, the outbox republishes, SQS delivers at least once.
 * - One delivery per webhook and event: created with its event marker in one
 *   conditional transaction (delivery.repository.ts).
 * - One attempt at a time per delivery: an attempt starts with a conditional
 *   claim (a lease on "attempt n+1"); a duplicate claimer loses, a dead one's
 *   lease runs out.
 * - The next attempt is scheduled only after the outcome is stored; if the
 *   process dies in between, the redelivered message finds the delivery not
 *   yet due and reschedules it, so no delivery is left without a retry.
 */
export class WebhookDispatcher {
  private readonly webhooks: WebhookRepository;
  private readonly deliveries: DeliveryRepository;

  constructor(private readonly deps: DispatcherDeps) {
    this.webhooks = new WebhookRepository(deps.table);
    this.deliveries = new DeliveryRepository(deps.table);
  }

  /**
   * Creates a delivery of `event` for each active webhook of its couple that
   * subscribed to it, and makes each first attempt. Throws (after trying
   * every webhook) if any could not be created or attempted, so that the
   * invocation is retried; what already succeeded is skipped the second time.
   */
  async dispatch(event: DomainEvent): Promise<DispatchSummary> {
    if (event.type === DETAIL_TYPES.webhookDeliveryRequested) return this.attemptRequested(event);
    const webhookEvent = webhookEventOf(event.type);
    // A care-team alert names its practice: it goes to that practice's webhooks, never the couple's.
    const practiceId = event.data.practiceId;
    const owned = practiceId
      ? await this.webhooks.allOf({ kind: 'practice', id: practiceId })
      : await this.webhooks.allOfCouple(event.coupleId);
    const targets = owned.filter((webhook) => webhook.active && webhook.events.includes(webhookEvent));
    const results = await Promise.allSettled(targets.map((target) => this.deliverNew(target, event)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      throw new AggregateError(
        failures.map((f) => f.reason as unknown),
        `Dispatching event ${event.id} failed for ${failures.length} webhook(s)`,
      );
    }
    return { subscribed: targets.length, created: results.filter((r) => r.status === 'fulfilled' && r.value).length };
  }

  /**
   * A person asked for an attempt now (sendTestWebhookEvent, a redelivery):
   * the API stored the PENDING delivery with this event's id as its marker
   * and put the event on the bus, so the attempt runs here, in the same
   * code as every other attempt.
   */
  private async attemptRequested(event: DomainEvent): Promise<DispatchSummary> {
    const webhookId = event.data.webhookId;
    const delivery = webhookId ? await this.deliveries.getByEvent(webhookId, event.id) : null;
    if (!delivery || delivery.coupleId !== event.coupleId) return { subscribed: 0, created: 0 };
    await this.retryDelivery(
      delivery,
      { webhookId: delivery.webhookId, deliveryId: delivery.id, createdAt: delivery.createdAt, attemptAt: event.occurredAt },
      true,
    );
    return { subscribed: 1, created: 0 };
  }

  /**
   * A retry message came due (or a hop of a long wait ended). With `now`,
   * the attempt is made even if the delivery is not yet due (the local run's
   * "retry now"); a scheduled retry of the same attempt then loses its claim.
   */
  async retry(message: RetryMessage, options: { now?: boolean } = {}): Promise<void> {
    const delivery = await this.deliveries.get(message);
    if (!delivery) return;
    await this.retryDelivery(delivery, message, options.now === true);
  }

  private async retryDelivery(delivery: WebhookDelivery, message: RetryMessage, now: boolean): Promise<void> {
    if (delivery.status !== 'PENDING') return;
    const target = await this.webhooks.get(delivery.webhookId);
    // A deleted webhook's deliveries are unreachable; nothing left to do.
    if (!target) return;
    const at = this.deps.clock.now();
    if (!target.active) {
      await this.deliveries.abandon(delivery, 'webhook-inactive', at.toISOString());
      return;
    }
    const remainingMs = Date.parse(delivery.nextAttemptAt ?? delivery.createdAt) - at.getTime();
    if (!now && remainingMs > DUE_TOLERANCE_MS) {
      await this.deps.scheduler.schedule({ ...message, attemptAt: delivery.nextAttemptAt as string }, remainingMs);
      return;
    }
    await this.attempt(target, delivery);
  }

  /** True when this call created the delivery. */
  private async deliverNew(target: Webhook, event: DomainEvent): Promise<boolean> {
    const now = this.deps.clock.now().toISOString();
    const fresh: WebhookDelivery = {
      id: randomUUID(),
      webhookId: target.id,
      coupleId: event.coupleId,
      eventId: event.id,
      event: webhookEventOf(event.type),
      payload: buildPayload(event),
      status: 'PENDING',
      attempts: 0,
      lastResponseStatus: null,
      lastError: null,
      createdAt: now,
      deliveredAt: null,
      nextAttemptAt: now,
      test: false,
      retryBase: 0,
      attemptLog: [],
    };
    // A lost race (another invocation creating this event's delivery) is run again, and then finds it.
    if ((await retryLostWrite('Creating the delivery', () => this.deliveries.create(fresh))) === 'created') {
      await this.attempt(target, fresh);
      return true;
    }
    // Seen before. Only a delivery whose first attempt never got recorded
    // (the earlier invocation died) is this invocation's to attempt; once an
    // attempt is recorded, the retry chain owns the delivery.
    const existing = await this.deliveries.getByEvent(target.id, event.id);
    if (existing && existing.status === 'PENDING' && existing.attempts === 0) await this.attempt(target, existing);
    return false;
  }

  /** Claims, makes, records and (when needed) schedules the next attempt. */
  private async attempt(webhook: Webhook, delivery: WebhookDelivery): Promise<void> {
    // Opened before the claim: a secret that cannot be opened (KMS down) fails
    // the invocation for a retry without leaving a lease behind.
    const { signingSecret, previousSigningSecret } = await this.openSigningSecrets(webhook.id);
    const { clock, policy, transport, logger } = this.deps;
    const startedAt = clock.now();
    const leaseId = randomUUID();
    const leaseUntil = new Date(startedAt.getTime() + policy.attemptTimeoutMs + LEASE_MARGIN_MS).toISOString();
    if (!(await this.deliveries.claim(delivery, leaseId, leaseUntil, startedAt.toISOString()))) return;

    // During a rotation's grace period both secrets sign, the current one first.
    const inGrace =
      previousSigningSecret !== null &&
      webhook.previousSecretExpiresAt !== null &&
      Date.parse(webhook.previousSecretExpiresAt) > startedAt.getTime();
    const secrets = inGrace ? [signingSecret, previousSigningSecret] : [signingSecret];
    const result = await transport({
      url: webhook.url,
      headers: { ...signedHeaders(secrets, delivery.id, startedAt, delivery.payload) },
      body: delivery.payload,
    });

    const finishedAt = clock.now();
    const attempts = delivery.attempts + 1;
    const status = result.status;
    let outcome: AttemptOutcome;
    let retryInMs: number | null = null;
    if (status !== null && status >= 200 && status < 300) {
      outcome = {
        status: 'DELIVERED',
        lastResponseStatus: status,
        lastError: null,
        deliveredAt: finishedAt.toISOString(),
        nextAttemptAt: null,
      };
    } else if (status === 410) {
      // 410 Gone: the receiver wants nothing more. Deactivate first, so no
      // other delivery starts an attempt once this one is recorded.
      await this.webhooks.deactivate(webhook.id, finishedAt.toISOString());
      outcome = { status: 'FAILED', lastResponseStatus: 410, lastError: 'gone', deliveredAt: null, nextAttemptAt: null };
    } else {
      // The schedule counts from the last redelivery; the log's size bounds every delivery.
      retryInMs = attempts >= MAX_ATTEMPTS_PER_DELIVERY ? null : nextRetryDelayMs(policy, attempts - delivery.retryBase);
      outcome = {
        status: retryInMs === null ? 'FAILED' : 'PENDING',
        lastResponseStatus: status,
        lastError: result.error ?? (status !== null && status >= 300 && status < 400 ? 'redirect-not-followed' : null),
        deliveredAt: null,
        nextAttemptAt: retryInMs === null ? null : new Date(finishedAt.getTime() + retryInMs).toISOString(),
      };
    }

    const logged: DeliveryAttempt = {
      number: attempts,
      at: startedAt.toISOString(),
      responseStatus: status,
      durationMs: result.durationMs,
      responseExcerpt: result.responseExcerpt,
      error: outcome.lastError,
    };
    const recorded = await this.deliveries.recordAttempt(delivery, leaseId, outcome, logged);
    logger.info('Webhook attempt', {
      webhookId: webhook.id,
      deliveryId: delivery.id,
      attempt: attempts,
      responseStatus: status,
      error: outcome.lastError,
      outcome: outcome.status,
      recorded,
    });
    if (!recorded || retryInMs === null || !outcome.nextAttemptAt) return;
    await this.deps.scheduler.schedule(
      { webhookId: webhook.id, deliveryId: delivery.id, createdAt: delivery.createdAt, attemptAt: outcome.nextAttemptAt },
      retryInMs,
    );
  }

  /** The webhook's signing secrets in the clear, for this attempt only (never cached, never logged). */
  private async openSigningSecrets(webhookId: string): Promise<Omit<WebhookWithSecret, 'webhook'>> {
    const sealed = await this.webhooks.getSealedSecrets(webhookId);
    if (!sealed) throw new Error(`Webhook ${webhookId} has no signing secret`);
    const context = signingSecretContext(webhookId);
    return {
      signingSecret: await this.deps.sealer.open(sealed.sealedSecret, context),
      previousSigningSecret: sealed.previousSealedSecret ? await this.deps.sealer.open(sealed.previousSealedSecret, context) : null,
    };
  }
}
