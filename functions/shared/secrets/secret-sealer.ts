import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of small secrets (webhook signing secrets) before they
 * are stored. Each secret gets its own 256-bit data key; the data key is
 * encrypted by a master key that never leaves its keeper (KMS in the cloud,
 * a local key file in the local run and tests), and the secret by the data
 * key with AES-256-GCM. The encryption context (e.g. `{ webhookId }`) is
 * bound to both layers: KMS refuses to decrypt the data key under another
 * context, and GCM authenticates it as additional data, so a sealed secret
 * copied onto another webhook cannot be opened.
 */
export interface SecretSealer {
  /** Encrypts `plaintext`; the result is a printable string, safe to store. */
  seal(plaintext: string, context: EncryptionContext): Promise<string>;
  /** Decrypts what `seal` returned under the same context; throws on any mismatch or tampering. */
  open(sealed: string, context: EncryptionContext): Promise<string>;
}

/** Non-secret name/value pairs the ciphertext is bound to (logged by CloudTrail in the cloud: never put secrets here). */
export type EncryptionContext = Readonly<Record<string, string>>;

/** Who keeps the master key: generates data keys and decrypts them again. */
export interface DataKeyProvider {
  /** Short name written into the sealed string, so a secret sealed by another provider fails clearly. */
  readonly name: string;
  generateDataKey(context: EncryptionContext): Promise<{ plaintext: Uint8Array; encrypted: Uint8Array }>;
  decryptDataKey(encrypted: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
}

const FORMAT = 'sealed1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The context as bytes, independent of key order (the GCM additional data). */
export function contextBytes(context: EncryptionContext): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

/** AES-256-GCM with a fresh 96-bit IV: `iv || ciphertext || tag`. */
export function gcmEncrypt(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Inverse of gcmEncrypt; throws when the key, the data or the additional data differ. */
export function gcmDecrypt(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed);
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('Sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
}

/**
 * The envelope: `sealed1.<provider>.<encrypted data key>.<iv||ciphertext||tag>`
 * (base64url parts). The plaintext data key is wiped from memory after use.
 */
export class EnvelopeSealer implements SecretSealer {
  constructor(private readonly keys: DataKeyProvider) {}

  async seal(plaintext: string, context: EncryptionContext): Promise<string> {
    const dataKey = await this.keys.generateDataKey(context);
    try {
      const body = gcmEncrypt(dataKey.plaintext, Buffer.from(plaintext, 'utf8'), contextBytes(context));
      return [FORMAT, this.keys.name, Buffer.from(dataKey.encrypted).toString('base64url'), body.toString('base64url')].join('.');
    } finally {
      dataKey.plaintext.fill(0);
    }
  }

  async open(sealed: string, context: EncryptionContext): Promise<string> {
    const [format, provider, encryptedKey, body, ...rest] = sealed.split('.');
    if (format !== FORMAT || !encryptedKey || !body || rest.length > 0) throw new Error('Not a sealed secret');
    if (provider !== this.keys.name) {
      throw new Error(`Secret was sealed by the ${provider} key provider, not ${this.keys.name}`);
    }
    const dataKey = await this.keys.decryptDataKey(Buffer.from(encryptedKey, 'base64url'), context);
    try {
      return gcmDecrypt(dataKey, Buffer.from(body, 'base64url'), contextBytes(context)).toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }
}
