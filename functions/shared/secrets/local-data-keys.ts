import { randomBytes } from 'node:crypto';
import { contextBytes, gcmDecrypt, gcmEncrypt, type DataKeyProvider, type EncryptionContext } from './secret-sealer';

const KEY_BYTES = 32;

/**
 * The local run's and the tests' stand-in for KMS: data keys wrapped with
 * AES-256-GCM under a 256-bit master key from a file under `.data/` (local
 * run) or generated per test run, with the encryption context as additional
 * data, as KMS binds it. Never used in the cloud stage (config.ts refuses).
 */
export class LocalDataKeys implements DataKeyProvider {
  readonly name = 'local';
  private readonly masterKey: Buffer;

  /** `masterKeyBase64`: 32 bytes, base64 (see `newLocalMasterKey`). */
  constructor(masterKeyBase64: string) {
    this.masterKey = Buffer.from(masterKeyBase64, 'base64');
    if (this.masterKey.length !== KEY_BYTES) throw new Error(`The local secrets master key must be ${KEY_BYTES} bytes (base64)`);
  }

  async generateDataKey(context: EncryptionContext): Promise<{ plaintext: Uint8Array; encrypted: Uint8Array }> {
    const plaintext = randomBytes(KEY_BYTES);
    return { plaintext, encrypted: gcmEncrypt(this.masterKey, plaintext, contextBytes(context)) };
  }

  async decryptDataKey(encrypted: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
    return gcmDecrypt(this.masterKey, encrypted, contextBytes(context));
  }
}

/** A fresh local master key, base64. */
export function newLocalMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}
