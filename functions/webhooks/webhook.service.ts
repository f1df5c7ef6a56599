import { requireScope, type Actor } from '../shared/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { WEBHOOK_EVENTS } from '../shared/events/webhook-events';
import { newLocalId } from '../shared/ids/global-id';
import type { Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { requirePageSize } from '../shared/validation/validators';
import { isPartner, type Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { DeliveryRepository } from './delivery.repository';
import { generateSigningSecret } from './signing';
import { validateWebhookUrl, webhookUrlOrigin, type UrlPolicy } from './url-safety';
import { MAX_WEBHOOKS_PER_COUPLE, type DeliveryStatus, type Webhook, type WebhookDelivery, type WebhookEvent } from './webhook.model';
import type { WebhookRepository } from './webhook.repository';

export interface CreateWebhookInput {
  url: string;
  events: readonly string[];
  /** Local couple id, already decoded from the global id by the resolver. */
  coupleId?: string | null;
  /** Given when the input named a practice (decoding is left to the practices issue). */
  practiceId?: string | null;
}

/**
 * Rules for webhooks: who may subscribe to a couple's events, what a
 * subscription may point at, and who sees its deliveries. Only the couple's
 * partners (with the `webhooks` scope) see a couple's webhooks; to anyone
 * else they do not exist.
 */
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly couples: CoupleRepository,
    private readonly clock: Clock,
    private readonly urlPolicy: UrlPolicy,
  ) {}

  /** The webhook if the caller is a partner of its couple; null otherwise, as if absent. */
  async getVisible(actor: Actor, webhookId: string): Promise<Webhook | null> {
    requireScope(actor, 'webhooks');
    const webhook = await this.webhooks.get(webhookId);
    if (!webhook) return null;
    const couple = await this.couples.get(webhook.coupleId);
    return couple && isPartner(couple, actor) ? webhook : null;
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
    return this.deliveries.list(webhook.id, args.status ?? null, requirePageSize('first', args.first), args.after);
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
    // Practice webhooks come with the practices issue (contract part 7); until
    // practices exist, every practice id names something the caller cannot see.
    if (hasPractice) throw new NotFoundError('Practice', 'input.practiceId');

    const couple = await this.couples.getConsistent(input.coupleId as string);
    if (!couple || !isPartner(couple, actor)) throw new NotFoundError('Couple', 'input.coupleId');
    if (couple.status === 'ENDED') {
      throw new ConflictError('The couple is ENDED; it has no more events to deliver', { status: 'ENDED' });
    }
    const webhook: Webhook = {
      id: newLocalId(),
      url,
      events,
      coupleId: couple.id,
      createdBy: actor.personId,
      active: true,
      createdAt: this.clock.now().toISOString(),
      deactivatedAt: null,
    };
    const signingSecret = generateSigningSecret();
    if ((await this.webhooks.create(webhook, signingSecret, MAX_WEBHOOKS_PER_COUPLE)) === 'limit-reached') {
      throw new ConflictError(`A couple can have at most ${MAX_WEBHOOKS_PER_COUPLE} webhooks; delete one first`, {
        limit: MAX_WEBHOOKS_PER_COUPLE,
      });
    }
    return { webhook, signingSecret };
  }

  /**
   * The URL as the caller may see it: in full for the person who created the
   * webhook (a receiver often takes its credential in the path or query),
   * only its origin (`https://hooks.example.com`) for anyone else.
   */
  urlFor(actor: Actor, webhook: Webhook): string {
    return webhook.createdBy === actor.personId ? webhook.url : webhookUrlOrigin(webhook.url);
  }

  /** Deletes a webhook of the caller's couple; its pending retries stop. */
  async delete(actor: Actor, webhookId: string): Promise<string> {
    requireScope(actor, 'webhooks');
    const webhook = await this.getVisible(actor, webhookId);
    if (!webhook || (await this.webhooks.delete(webhook)) === 'not-found') throw new NotFoundError('Webhook', 'input.webhookId');
    return webhook.id;
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
