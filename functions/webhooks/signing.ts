import { randomBytes } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): each attempt
 * carries `webhook-id` (the delivery id, the same on every attempt),
 * `webhook-timestamp` (seconds, this attempt) and `webhook-signature`
 * (`v1,` + base64 HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the
 * secret's bytes). The `standardwebhooks` package computes it, so receivers
 * can verify with any Standard Webhooks library.
 *
 * The secret is stored in the table (on the webhook item) because signing
 * needs the secret itself: a hash of it, as for passwords, could not sign.
 * It is shown once, in createWebhook's payload, and never returned again.
 */

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A fresh secret: `whsec_` + base64 of 32 random bytes (256 bits, the HMAC-SHA256 key size). */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The three Standard Webhooks headers for one attempt of message `messageId`
 * with `body` at `at`. With several secrets (a rotation's grace period: the
 * current one first, then the previous one) `webhook-signature` carries one
 * signature per secret, space-separated, as the specification allows: a
 * receiver that still verifies with the old secret and one that already has
 * the new one both accept the delivery.
 */
export function signedHeaders(secrets: string | readonly string[], messageId: string, at: Date, body: string): SignedHeaders {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  if (keys.length === 0) throw new Error('signedHeaders: at least one secret is needed');
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': keys.map((secret) => new StandardWebhook(secret).sign(messageId, at, body)).join(' '),
  };
}
