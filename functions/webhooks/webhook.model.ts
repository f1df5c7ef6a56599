import type { WebhookEvent } from '../shared/events/webhook-events';

export type { WebhookEvent };

/** A subscription: signed POSTs of the chosen events to `url`. */
export interface Webhook {
  id: string;
  /** Normalized at creation (url-safety.ts); https in the cloud. */
  url: string;
  events: WebhookEvent[];
  /** The couple whose events it receives. (Practice webhooks come with the practices issue.) */
  coupleId: string;
  /**
   * The person who created it: the only one shown the full URL, which may
   * carry the receiving app's credential. Null for webhooks stored before it
   * was recorded (then nobody sees more than the origin).
   */
  createdBy?: string | null;
  /** False once the receiver answered 410 Gone: nothing more is delivered. */
  active: boolean;
  createdAt: string;
  deactivatedAt: string | null;
}

/**
 * A webhook with its signing secret, for the dispatcher only. The secret is
 * never part of `Webhook`, so no resolver can return it by accident.
 */
export interface WebhookWithSecret {
  webhook: Webhook;
  signingSecret: string;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** One event for one webhook: a message with a fixed id and body, attempted until delivered or given up. */
export interface WebhookDelivery {
  /** Also the `webhook-id` header of every attempt, so receivers can deduplicate and support can find it. */
  id: string;
  webhookId: string;
  coupleId: string;
  /** The domain event delivered (idempotency: one delivery per webhook and event). */
  eventId: string;
  event: WebhookEvent;
  /** The exact JSON body, stored so that every attempt sends the same bytes. */
  payload: string;
  status: DeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  lastResponseStatus: number | null;
  /** Why the last attempt failed when there was no HTTP status (timeout, refused address...). */
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** When the next attempt is due; null once DELIVERED or FAILED. */
  nextAttemptAt: string | null;
}

/** Most webhooks one couple may have (deactivated ones count until deleted). */
export const MAX_WEBHOOKS_PER_COUPLE = 10;

/** Longest accepted URL. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;
