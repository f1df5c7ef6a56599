import { randomUUID } from 'node:crypto';
import { requireScope, type Actor } from '../shared/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { DETAIL_TYPES, newDomainEvent } from '../shared/events/domain-event';
import type { EventOutbox } from '../shared/events/outbox';
import { WEBHOOK_EVENTS } from '../shared/events/webhook-events';
import { newLocalId } from '../shared/ids/global-id';
import type { Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { requirePageSize } from '../shared/validation/validators';
import { isPartner, type Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { SecretSealer } from '../shared/secrets/secret-sealer';
import type { CareTrailRepository } from '../practices/care-trail.repository';
import type { PracticeRepository } from '../practices/practice.repository';
import { ForbiddenError } from '../shared/errors';
import type { DeliveryRepository } from './delivery.repository';
import { retryLostWrite } from './lost-races';
import { signingSecretContext } from './secret-context';
import { generateSigningSecret } from './signing-secret';
import { validateWebhookUrl, webhookUrlOrigin, type UrlPolicy } from './url-safety';
import {
  DEFAULT_ROTATION_GRACE_HOURS,
  MAX_ATTEMPTS_PER_DELIVERY,
  MAX_ROTATION_GRACE_HOURS,
  MAX_WEBHOOKS_PER_COUPLE,
  MAX_WEBHOOKS_PER_PRACTICE,
  type DeliveryStatus,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookOwner,
  ownerOf,
} from './webhook.model';
import { buildTestPayload } from './webhook-payload';
import type { WebhookChanges, WebhookRepository } from './webhook.repository';

export interface UpdateWebhookInput {
  url?: string | null;
  events?: readonly string[] | null;
  active?: boolean | null;
}

export interface CreateWebhookInput {
  url: string;
  events: readonly string[];
  /** Local couple id, already decoded from the global id by the resolver. */
  coupleId?: string | null;
  /** Given when the input named a practice (decoding is left to the practices issue). */
  practiceId?: string | null;
}

/**
 * Rules for webhooks: who may subscribe to an owner's events (a couple's or
 * a practice's), what a subscription may point at, and who sees its
 * deliveries. Only the couple's partners see a couple's webhooks, only the
 * practice's ADMINs a practice's (both with the `webhooks` scope); to anyone
 * else they do not exist. Every rule below is written once for both owners.
 */
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly couples: CoupleRepository,
    private readonly clock: Clock,
    private readonly urlPolicy: UrlPolicy,
    /** Test events and redeliveries reach the dispatcher as bus events, committed with their delivery. */
    private readonly outbox: EventOutbox,
    /** Seals signing secrets before they are stored; the API can seal but never open one. */
    private readonly sealer: SecretSealer,
    /** Practice webhooks: ADMINs of the practice. */
    private readonly practices?: PracticeRepository,
    /** Whoever sets a practice webhook's URL is recorded in their care trail, so their erasure finds it. */
    private readonly careTrail?: CareTrailRepository,
  ) {}

  /** The webhook if the caller is a partner of its couple or an ADMIN of its practice; null otherwise, as if absent. */
  async getVisible(actor: Actor, webhookId: string): Promise<Webhook | null> {
    requireScope(actor, 'webhooks');
    const webhook = await this.webhooks.get(webhookId);
    if (!webhook) return null;
    if (webhook.practiceId) return (await this.roleIn(actor, webhook.practiceId)) === 'ADMIN' ? webhook : null;
    const couple = webhook.coupleId ? await this.couples.get(webhook.coupleId) : null;
    return couple && isPartner(couple, actor) ? webhook : null;
  }

  /**
   * The practice's webhooks, newest first: ADMINs only (FORBIDDEN for a
   * COUNSELOR; an empty list for a partner who sees the practice through a
   * grant). At most MAX_WEBHOOKS_PER_PRACTICE, so no paging.
   */
  async listForPractice(actor: Actor, practiceId: string): Promise<Webhook[]> {
    const role = await this.roleIn(actor, practiceId);
    // Role before scope: anyone outside the practice gets the same empty list with any token (a
    // FORBIDDEN on this non-null field would null the practice, and the couple that reached it).
    if (!role) return [];
    requireScope(actor, 'webhooks');
    if (role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN of the practice sees its webhooks', { role });
    const all = await this.webhooks.allOf({ kind: 'practice', id: practiceId });
    return all.sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)));
  }

  /** The caller's role in a practice, or null. */
  private async roleIn(actor: Actor, practiceId: string, consistent = false) {
    if (!this.practices) return null;
    const member = consistent
      ? await this.practices.memberConsistent(practiceId, actor.personId)
      : await this.practices.member(practiceId, actor.personId);
    return member?.role ?? null;
  }

  /** The webhooks of a couple the caller already sees (the resolver's parent), newest first. */
  async listForCouple(actor: Actor, couple: Couple, args: { first?: number | null; after?: string | null }): Promise<Page<Webhook>> {
    requireScope(actor, 'webhooks');
    if (!isPartner(couple, actor)) return { items: [], hasNextPage: false };
    return this.webhooks.listByCouple(couple.id, requirePageSize('first', args.first), args.after);
  }

  /** A page of a visible webhook's deliveries, newest first. */
  async listDeliveries(
    actor: Actor,
    webhook: Webhook,
    args: { status?: DeliveryStatus | null; first?: number | null; after?: string | null },
  ): Promise<Page<WebhookDelivery>> {
    requireScope(actor, 'webhooks');
    const page = await this.deliveries.list(webhook.id, args.status ?? null, requirePageSize('first', args.first), args.after);
    return { ...page, items: page.items.map((item) => ({ ...item, node: asSeenBy(actor, webhook, item.node) })) };
  }

  /**
   * Subscribes `url` to the couple's events; returns the webhook and its
   * signing secret, which is never shown again. The couple's partners only;
   * at most MAX_WEBHOOKS_PER_COUPLE per couple (CONFLICT: it is a limit
   * reached by the couple's state, not a malformed input).
   */
  async create(actor: Actor, input: CreateWebhookInput): Promise<{ webhook: Webhook; signingSecret: string }> {
    requireScope(actor, 'webhooks');
    const hasCouple = input.coupleId !== undefined && input.coupleId !== null;
    const hasPractice = input.practiceId !== undefined && input.practiceId !== null;
    if (hasCouple === hasPractice) throw new ValidationError('input', 'give exactly one of coupleId and practiceId');
    const url = validateWebhookUrl(input.url, this.urlPolicy);
    const events = requireEvents(input.events);
    const owner: WebhookOwner = hasPractice
      ? { kind: 'practice', id: input.practiceId as string }
      : { kind: 'couple', id: input.coupleId as string };
    await this.requireOwnerForCreate(actor, owner);
    const webhook: Webhook = {
      id: newLocalId(),
      url,
      events,
      coupleId: owner.kind === 'couple' ? owner.id : null,
      practiceId: owner.kind === 'practice' ? owner.id : null,
      createdBy: actor.personId,
      active: true,
      createdAt: this.clock.now().toISOString(),
      deactivatedAt: null,
      previousSecretExpiresAt: null,
    };
    await this.recordCreator(actor, owner);
    const signingSecret = generateSigningSecret();
    const sealedSecret = await this.sealer.seal(signingSecret, signingSecretContext(webhook.id));
    const limit = owner.kind === 'practice' ? MAX_WEBHOOKS_PER_PRACTICE : MAX_WEBHOOKS_PER_COUPLE;
    const stored = await retryLostWrite('Creating the webhook', () => this.webhooks.create(webhook, sealedSecret, limit));
    if (stored === 'limit-reached') {
      throw new ConflictError(`A ${owner.kind} can have at most ${limit} webhooks; delete one first`, { limit });
    }
    return { webhook, signingSecret };
  }

  /**
   * Who may subscribe to an owner's events: a partner of an ACTIVE couple
   * (NOT_FOUND for anyone else, CONFLICT once ENDED), or an ADMIN of the
   * practice (NOT_FOUND for a non-member, FORBIDDEN for a COUNSELOR: the
   * practice is visible to them, managing it is not their role).
   */
  private async requireOwnerForCreate(actor: Actor, owner: WebhookOwner): Promise<void> {
    if (owner.kind === 'practice') {
      const role = await this.roleIn(actor, owner.id, true);
      if (!role) throw new NotFoundError('Practice', 'input.practiceId');
      if (role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN of the practice manages its webhooks', { role });
      return;
    }
    const couple = await this.couples.getConsistent(owner.id);
    if (!couple || !isPartner(couple, actor)) throw new NotFoundError('Couple', 'input.coupleId');
    if (couple.status === 'ENDED') {
      throw new ConflictError('The couple is ENDED; it has no more events to deliver', { status: 'ENDED' });
    }
  }

  /**
   * The URL as the caller may see it: in full for the person who created the
   * webhook (a receiver often takes its credential in the path or query),
   * only its origin (`https://hooks.example.com`) for anyone else.
   */
  urlFor(actor: Actor, webhook: Webhook): string {
    return webhook.createdBy === actor.personId ? webhook.url : webhookUrlOrigin(webhook.url);
  }

  /** Deletes a webhook the caller sees (a partner of its couple, an ADMIN of its practice); its pending retries stop. */
  async delete(actor: Actor, webhookId: string): Promise<string> {
    requireScope(actor, 'webhooks');
    const webhook = await this.getVisible(actor, webhookId);
    if (!webhook) throw new NotFoundError('Webhook', 'input.webhookId');
    // A lost race deleted nothing; the next attempt finds the webhook gone ('not-found') if the winner deleted it.
    const deleted = await retryLostWrite('Deleting the webhook', () => this.webhooks.delete(webhook));
    if (deleted === 'not-found') throw new NotFoundError('Webhook', 'input.webhookId');
    return webhook.id;
  }

  /** One delivery of a visible webhook by its id; null when it has none with that id. */
  async getDelivery(actor: Actor, webhook: Webhook, deliveryId: string): Promise<WebhookDelivery | null> {
    requireScope(actor, 'webhooks');
    const delivery = isDeliveryId(deliveryId) ? await this.deliveries.getById(webhook.id, deliveryId) : null;
    return delivery && asSeenBy(actor, webhook, delivery);
  }

  /**
   * Changes url, events or active (either partner, or an ADMIN of the
   * owning practice). Validated like
   * createWebhook; an update naming nothing is refused rather than ignored.
   * Reactivating a webhook that a 410 deactivated lets new events through
   * again; what was abandoned meanwhile stays FAILED and can be redelivered.
   */
  async update(actor: Actor, webhookId: string, input: UpdateWebhookInput): Promise<Webhook> {
    requireScope(actor, 'webhooks');
    const changes: WebhookChanges = {};
    if (input.url !== undefined && input.url !== null) {
      changes.url = validateWebhookUrl(input.url, this.urlPolicy);
      // The URL may carry the receiving app's credential: whoever sets it is the one shown it in full.
      changes.urlSetBy = actor.personId;
    }
    if (input.events !== undefined && input.events !== null) changes.events = requireEvents(input.events);
    if (input.active !== undefined && input.active !== null) changes.active = input.active;
    if (Object.keys(changes).length === 0) throw new ValidationError('input', 'name at least one of url, events and active');
    const current = await this.requireChangeable(actor, webhookId);
    if (changes.url !== undefined) await this.recordCreator(actor, ownerOf(current));
    const updated = await this.webhooks.update(webhookId, changes, this.clock.now().toISOString());
    if (!updated) throw new NotFoundError('Webhook', 'input.webhookId');
    return updated;
  }

  /**
   * Creates a test delivery (event `event`, or the webhook's first) and puts
   * "attempt it" on the bus in the same transaction: the dispatcher signs and
   * sends it exactly as it does real deliveries, retries included.
   */
  async sendTest(actor: Actor, webhookId: string, event?: WebhookEvent | null): Promise<WebhookDelivery> {
    requireScope(actor, 'webhooks');
    if (event !== undefined && event !== null) requireEvents([event]);
    const webhook = await this.requireChangeable(actor, webhookId);
    requireActive(webhook);
    const now = this.clock.now();
    const at = now.toISOString();
    // A practice's events each concern one of its couples; a test event names none of them (a made-up couple id).
    const coupleId = webhook.coupleId ?? `test_${randomUUID()}`;
    const request = newDomainEvent({
      type: DETAIL_TYPES.webhookDeliveryRequested,
      coupleId,
      occurredAt: now,
      data: { webhookId: webhook.id },
    });
    const type = event ?? (webhook.events[0] as WebhookEvent);
    const delivery: WebhookDelivery = {
      id: newLocalId(),
      webhookId: webhook.id,
      coupleId,
      eventId: request.id,
      event: type,
      payload: buildTestPayload(type, { eventId: request.id, coupleId, practiceId: webhook.practiceId, at }),
      status: 'PENDING',
      attempts: 0,
      lastResponseStatus: null,
      lastError: null,
      createdAt: at,
      deliveredAt: null,
      nextAttemptAt: at,
      test: true,
      retryBase: 0,
      attemptLog: [],
    };
    // A fresh event id cannot have a marker yet, so 'exists' cannot happen.
    await retryLostWrite('Sending the test event', () => this.deliveries.create(delivery, [this.outbox.putAction(request)]));
    await this.outbox.publishCommitted([request]);
    return delivery;
  }

  /**
   * Makes a DELIVERED or FAILED delivery PENDING again (same id, body and
   * webhook-id; the retry schedule starts over) and asks the dispatcher for
   * its attempt through the bus, in one transaction. Of concurrent
   * redeliveries of one delivery exactly one wins; the others see it PENDING.
   */
  async redeliver(actor: Actor, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    requireScope(actor, 'webhooks');
    const webhook = await this.requireChangeable(actor, webhookId);
    requireActive(webhook);
    for (let round = 0; round < 5; round += 1) {
      const delivery = isDeliveryId(deliveryId) ? await this.deliveries.getById(webhook.id, deliveryId) : null;
      if (!delivery) throw new NotFoundError('WebhookDelivery', 'input.deliveryId');
      if (delivery.status === 'PENDING') {
        throw new ConflictError(
          `The delivery is PENDING: its next attempt is due at ${delivery.nextAttemptAt ?? 'once its current attempt ends'}`,
          { status: 'PENDING', nextAttemptAt: delivery.nextAttemptAt },
        );
      }
      if (delivery.attempts >= MAX_ATTEMPTS_PER_DELIVERY) {
        throw new ConflictError(
          `A delivery is attempted at most ${MAX_ATTEMPTS_PER_DELIVERY} times; send a test event to check the receiver`,
          {
            limit: MAX_ATTEMPTS_PER_DELIVERY,
          },
        );
      }
      const now = this.clock.now();
      const request = newDomainEvent({
        type: DETAIL_TYPES.webhookDeliveryRequested,
        // The dispatcher checks the request against the delivery's couple (a practice's deliveries each name theirs).
        coupleId: delivery.coupleId,
        occurredAt: now,
        data: { webhookId: webhook.id },
      });
      const outcome = await this.deliveries.redeliver(delivery, request.id, now.toISOString(), [this.outbox.putAction(request)]);
      if (outcome === 'ok') {
        await this.outbox.publishCommitted([request]);
        return asSeenBy(actor, webhook, { ...delivery, status: 'PENDING', nextAttemptAt: now.toISOString(), retryBase: delivery.attempts });
      }
      // 'changed' or 'retry': another writer got there first; read again and decide again.
    }
    throw new ConflictError('The delivery kept changing while it was being redelivered; try again');
  }

  /**
   * Replaces the signing secret and returns the new one (shown only here).
   * For `graceHours` (0 to MAX_ROTATION_GRACE_HOURS) the replaced secret
   * signs too, so receivers can switch over without missing a delivery.
   */
  async rotateSecret(
    actor: Actor,
    webhookId: string,
    graceHours: number | null | undefined,
  ): Promise<{ webhook: Webhook; signingSecret: string; previousSecretExpiresAt: string | null }> {
    requireScope(actor, 'webhooks');
    const hours = graceHours ?? DEFAULT_ROTATION_GRACE_HOURS;
    if (!Number.isInteger(hours) || hours < 0 || hours > MAX_ROTATION_GRACE_HOURS) {
      throw new ValidationError('input.gracePeriodHours', `must be a whole number of hours from 0 to ${MAX_ROTATION_GRACE_HOURS}`);
    }
    await this.requireChangeable(actor, webhookId);
    const now = this.clock.now();
    const expiresAt = hours === 0 ? null : new Date(now.getTime() + hours * 3_600_000).toISOString();
    const signingSecret = generateSigningSecret();
    const sealedSecret = await this.sealer.seal(signingSecret, signingSecretContext(webhookId));
    // A lost round (a concurrent rotation won it) wrote nothing: the next one rotates on top of the winner.
    const webhook = await retryLostWrite('Rotating the signing secret', () =>
      this.webhooks.rotateSecret(webhookId, sealedSecret, expiresAt, now.toISOString()),
    );
    if (!webhook) throw new NotFoundError('Webhook', 'input.webhookId');
    return { webhook, signingSecret, previousSecretExpiresAt: expiresAt };
  }

  /**
   * The webhook if the caller may manage it, whoever owns it: a partner of
   * its couple, or an ADMIN of its practice (read consistently, so a
   * demotion counts at once). Anyone else, a COUNSELOR included, gets
   * NOT_FOUND on input.webhookId: a practice's webhooks are invisible to
   * them (Practice.webhooks is ADMIN-only), so this is the answer for an
   * absent one. An ENDED couple has no more events to deliver, so its
   * webhooks can only be read and deleted (CONFLICT, as for createWebhook).
   */
  /**
   * A practice webhook names whoever set its URL (createdBy) after they may
   * have left the practice: their care trail leads their erasure to it.
   * Written before the webhook, so the webhook never names someone without it.
   */
  private async recordCreator(actor: Actor, owner: WebhookOwner): Promise<void> {
    if (owner.kind !== 'practice') return;
    await this.careTrail?.record({ personId: actor.personId, practiceId: owner.id, coupleId: null });
  }

  private async requireChangeable(actor: Actor, webhookId: string): Promise<Webhook> {
    const webhook = await this.webhooks.get(webhookId);
    if (!webhook) throw new NotFoundError('Webhook', 'input.webhookId');
    const owner = ownerOf(webhook);
    if (owner.kind === 'practice') {
      if ((await this.roleIn(actor, owner.id, true)) !== 'ADMIN') throw new NotFoundError('Webhook', 'input.webhookId');
      return webhook;
    }
    const couple = await this.couples.get(owner.id);
    if (!couple || !isPartner(couple, actor)) throw new NotFoundError('Webhook', 'input.webhookId');
    if (couple.status === 'ENDED') {
      throw new ConflictError('The couple is ENDED; it has no more events to deliver', { status: 'ENDED' });
    }
    return webhook;
  }
}

/**
 * A delivery as the caller may see it: response excerpts come from the
 * receiver behind the URL, which may echo what the URL carries (a token in
 * the path or query), so like the full URL they are shown only to the person
 * who set it; anyone else sees the status, duration and error of each attempt.
 */
function asSeenBy(actor: Actor, webhook: Webhook, delivery: WebhookDelivery): WebhookDelivery {
  if (webhook.createdBy === actor.personId) return delivery;
  return { ...delivery, attemptLog: delivery.attemptLog.map((attempt) => ({ ...attempt, responseExcerpt: null })) };
}

/** Delivery ids are UUIDs; anything else names no delivery (and never reaches a key). */
function isDeliveryId(value: string): boolean {
  return /^[A-Za-z0-9-]{1,64}$/.test(value);
}

function requireActive(webhook: Webhook): void {
  if (!webhook.active) {
    throw new ConflictError('The webhook is not active; reactivate it with updateWebhook(input: { active: true }) first', {
      active: false,
    });
  }
}

const KNOWN_EVENTS = new Set<string>(WEBHOOK_EVENTS);

/** At least one event, each known (GraphQL enforces the enum too) and none twice. */
function requireEvents(events: readonly string[]): WebhookEvent[] {
  if (events.length === 0) throw new ValidationError('input.events', 'must name at least one event');
  if (new Set(events).size !== events.length) throw new ValidationError('input.events', 'must not name an event twice');
  if (!events.every((e) => KNOWN_EVENTS.has(e))) throw new ValidationError('input.events', `must be among ${WEBHOOK_EVENTS.join(', ')}`);
  return [...events] as WebhookEvent[];
}
