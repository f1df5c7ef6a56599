import { requireScope, type Actor } from '../shared/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { WEBHOOK_EVENTS } from '../shared/events/webhook-events';
import { newLocalId } from '../shared/ids/global-id';
import type { Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { requirePageSize } from '../shared/validation/validators';
import { isPartner, type Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { PracticeRepository } from '../practices/practice.repository';
import { ForbiddenError } from '../shared/errors';
import type { DeliveryRepository } from './delivery.repository';
import { generateSigningSecret } from './signing';
import { validateWebhookUrl, webhookUrlOrigin, type UrlPolicy } from './url-safety';
import { MAX_WEBHOOKS_PER_COUPLE, MAX_WEBHOOKS_PER_PRACTICE, type DeliveryStatus, type Webhook, type WebhookDelivery, type WebhookEvent } from './webhook.model';
import type { WebhookRepository } from './webhook.repository';

export interface CreateWebhookInput {
  url: string;
  events: readonly string[];
  /** Local couple id, already decoded from the global id by the resolver. */
  coupleId?: string | null;
  /** Local practice id, already decoded by the resolver. */
  practiceId?: string | null;
}

/**
 * Rules for webhooks: who may subscribe to a couple's or a practice's
 * events, what a subscription may point at, and who sees its deliveries.
 * Only the couple's partners (with the `webhooks` scope) see a couple's
 * webhooks, and only the practice's ADMINs a practice's; to anyone else they
 * do not exist (a COUNSELOR, who sees the practice, is FORBIDDEN).
 */
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly couples: CoupleRepository,
    private readonly clock: Clock,
    private readonly urlPolicy: UrlPolicy,
    private readonly practices?: PracticeRepository,
  ) {}

  /** The webhook if the caller is a partner of its couple; null otherwise, as if absent. */
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
   * COUNSELOR; an empty list for a partner who sees the practice through
   * a grant). At most MAX_WEBHOOKS_PER_PRACTICE, so no paging.
   */
  async listForPractice(actor: Actor, practiceId: string): Promise<Webhook[]> {
    requireScope(actor, 'webhooks');
    const role = await this.roleIn(actor, practiceId);
    if (!role) return [];
    if (role !== 'ADMIN') throw new ForbiddenError("Only an ADMIN of the practice sees its webhooks", { role });
    const all = await this.webhooks.allOf({ kind: 'practice', id: practiceId });
    return all.map(({ webhook }) => webhook).sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)));
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
    if (hasPractice) return this.createForPractice(actor, input.practiceId as string, url, events);

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
      practiceId: null,
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

  /** A practice ADMIN subscribes the practice (care-team alerts of its couples). */
  private async createForPractice(actor: Actor, practiceId: string, url: string, events: WebhookEvent[]): Promise<{ webhook: Webhook; signingSecret: string }> {
    const role = await this.roleIn(actor, practiceId, true);
    if (!role) throw new NotFoundError('Practice', 'input.practiceId');
    if (role !== 'ADMIN') throw new ForbiddenError("Only an ADMIN of the practice manages its webhooks", { role });
    const webhook: Webhook = { id: newLocalId(), url, events, coupleId: null, practiceId, createdBy: actor.personId, active: true, createdAt: this.clock.now().toISOString(), deactivatedAt: null };
    const signingSecret = generateSigningSecret();
    if ((await this.webhooks.create(webhook, signingSecret, MAX_WEBHOOKS_PER_PRACTICE)) === 'limit-reached') {
      throw new ConflictError(`A practice can have at most ${MAX_WEBHOOKS_PER_PRACTICE} webhooks; delete one first`, { limit: MAX_WEBHOOKS_PER_PRACTICE });
    }
    return { webhook, signingSecret };
  }

  /** The caller's role in a practice, or null. */
  private async roleIn(actor: Actor, practiceId: string, consistent = false) {
    if (!this.practices) return null;
    const member = consistent ? await this.practices.memberConsistent(practiceId, actor.personId) : await this.practices.member(practiceId, actor.personId);
    return member?.role ?? null;
  }

  /**
   * The URL as the caller may see it: in full for the person who created the
   * webhook (a receiver often takes its credential in the path or query),
   * only its origin (`https://hooks.example.com`) for anyone else.
   */
  urlFor(actor: Actor, webhook: Webhook): string {
    return webhook.createdBy === actor.personId ? webhook.url : webhookUrlOrigin(webhook.url);
  }

  /** Deletes a webhook of the caller's couple (or practice, as ADMIN); its pending retries stop. */
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
