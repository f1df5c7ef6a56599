import type { EncryptionContext } from '../shared/secrets/secret-sealer';

/**
 * The encryption context of a webhook's signing secret. Binding the webhook
 * id means a sealed secret copied onto another webhook cannot be opened, and
 * the KMS key's IAM grants can require `purpose` (infra: only the API may
 * seal, only the webhook Lambdas may open). Ids only: CloudTrail logs it.
 */
export function signingSecretContext(webhookId: string): EncryptionContext {
  return { purpose: 'webhook-signing-secret', webhookId };
}
