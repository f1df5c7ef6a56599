import { randomBytes } from 'node:crypto';

/*
 * Kept apart from signing.ts on purpose: the GraphQL Lambda creates secrets
 * (createWebhook) but never signs, and importing signing.ts would bundle the
 * Standard Webhooks library (and its base64 and HMAC helpers) into it.
 */

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A fresh secret: `whsec_` + base64 of 32 random bytes (256 bits, the HMAC-SHA256 key size). */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}
