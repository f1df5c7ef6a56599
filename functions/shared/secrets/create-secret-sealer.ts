import { KMSClient } from '@aws-sdk/client-kms';
import { KmsDataKeys } from './kms-data-keys';
import { LocalDataKeys } from './local-data-keys';
import { EnvelopeSealer, type SecretSealer } from './secret-sealer';

/** Where the master key of sealed secrets lives. */
export interface SecretsConfig {
  /** KMS key (id, ARN or alias) for the cloud: `WEBHOOK_SECRETS_KEY_ID`. */
  kmsKeyId?: string;
  /** Local run and tests only: 32 bytes, base64 (`LOCAL_SECRETS_KEY`). */
  localMasterKey?: string;
}

/**
 * The sealer a Lambda (or the local run) uses: KMS in the cloud stage, the
 * local master key in the local stage. Without a key it still builds, and
 * fails on first use with a message saying what to set: a handler that never
 * touches a secret (most of them) does not need one.
 */
export function createSecretSealer(config: { stage: 'local' | 'cloud'; region: string; secrets?: SecretsConfig }): SecretSealer {
  if (config.stage === 'cloud') {
    const keyId = config.secrets?.kmsKeyId;
    if (!keyId) return unconfigured('WEBHOOK_SECRETS_KEY_ID');
    let client: KMSClient | undefined;
    return new EnvelopeSealer(new KmsDataKeys(() => (client ??= new KMSClient({ region: config.region })), keyId));
  }
  const localKey = config.secrets?.localMasterKey;
  return localKey ? new EnvelopeSealer(new LocalDataKeys(localKey)) : unconfigured('LOCAL_SECRETS_KEY');
}

function unconfigured(variable: string): SecretSealer {
  const fail = async (): Promise<never> => {
    throw new Error(`No key to seal secrets with: set ${variable}`);
  };
  return { seal: fail, open: fail };
}
