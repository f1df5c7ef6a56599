import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { DataKeyProvider, EncryptionContext } from './secret-sealer';

/**
 * Data keys from AWS KMS: GenerateDataKey (AES_256) and Decrypt, both with the
 * encryption context, so IAM conditions and CloudTrail see which secret each
 * call was for. Decrypt names the key too: a ciphertext under any other key
 * is refused rather than decrypted with whatever key it names.
 */
export class KmsDataKeys implements DataKeyProvider {
  readonly name = 'kms';

  /** `client` is a function so the KMS client is only built (and loaded) when a secret is first sealed or opened. */
  constructor(
    private readonly client: () => KMSClient,
    private readonly keyId: string,
  ) {}

  async generateDataKey(context: EncryptionContext): Promise<{ plaintext: Uint8Array; encrypted: Uint8Array }> {
    const result = await this.client().send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
    );
    if (!result.Plaintext || !result.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key');
    return { plaintext: result.Plaintext, encrypted: result.CiphertextBlob };
  }

  async decryptDataKey(encrypted: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    const result = await this.client().send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: encrypted, EncryptionContext: { ...context } }),
    );
    if (!result.Plaintext) throw new Error('KMS Decrypt returned no key');
    return result.Plaintext;
  }
}
