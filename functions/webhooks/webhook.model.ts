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
  /** Until this instant deliveries also carry a signature with the previous secret (rotation grace); null when there is none. */
  previousSecretExpiresAt: string | null;
}

/**
 * A webhook with its signing secret, for the dispatcher only. The secret is
 * never part of `Webhook`, so no resolver can return it by accident.
 */
export interface WebhookWithSecret {
  webhook: Webhook;
  signingSecret: string;
  /** The secret replaced by the last rotation, while its grace period lasts (`webhook.previousSecretExpiresAt`). */
  previousSigningSecret: string | null;
}

/** One attempt of a delivery, as the delivery's owner sees it. */
export interface DeliveryAttempt {
  /** 1 for the first attempt; counts on across redeliveries. */
  number: number;
  /** When the request started. */
  at: string;
  /** The HTTP status, or null when there was none (see `error`). */
  responseStatus: number | null;
  durationMs: number;
  /** The first bytes of the response body (MAX_RESPONSE_EXCERPT_BYTES), as text; null when there was none. */
  responseExcerpt: string | null;
  /** timeout, forbidden-address, redirect-not-followed, gone... null for a status that says it all. */
  error: string | null;
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
  /** A test event (sendTestWebhookEvent), not a fact of the couple. */
  test: boolean;
  /**
   * `attempts` when the delivery was last redelivered (0 before): the retry
   * schedule counts from here, so a redelivery gets the contract's whole
   * schedule again.
   */
  retryBase: number;
  /** Every attempt, oldest first (at most MAX_ATTEMPTS_PER_DELIVERY). */
  attemptLog: DeliveryAttempt[];
}

/** Most webhooks one couple may have (deactivated ones count until deleted). */
export const MAX_WEBHOOKS_PER_COUPLE = 10;

/** Longest accepted URL. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Longest response excerpt kept per attempt, in bytes of the response body (cut at a character boundary). */
export const MAX_RESPONSE_EXCERPT_BYTES = 256;

/**
 * Attempts one delivery may make over all its redeliveries. Bounds the
 * attempt log on the delivery item (a few hundred bytes each, far below
 * DynamoDB's 400 KB item limit) and a redelivery loop against a dead receiver.
 */
export const MAX_ATTEMPTS_PER_DELIVERY = 40;

/** Default and bounds of a signing secret rotation's grace period, in hours. */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;
export const MAX_ROTATION_GRACE_HOURS = 7 * 24;
