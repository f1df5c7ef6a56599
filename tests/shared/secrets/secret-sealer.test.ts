import type { KMSClient } from '@aws-sdk/client-kms';
import { type DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { createSecretSealer } from '../../../functions/shared/secrets/create-secret-sealer';
import { KmsDataKeys } from '../../../functions/shared/secrets/kms-data-keys';
import { LocalDataKeys, newLocalMasterKey } from '../../../functions/shared/secrets/local-data-keys';
import { EnvelopeSealer, gcmDecrypt, gcmEncrypt } from '../../../functions/shared/secrets/secret-sealer';

const CONTEXT = { purpose: 'webhook-signing-secret', webhookId: 'w-1' };
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('EnvelopeSealer with the local master key', () => {
  const sealer = new EnvelopeSealer(new LocalDataKeys(newLocalMasterKey()));

  it('opens what it sealed under the same context, whatever the key order', async () => {
    // act
    const sealed = await sealer.seal(SECRET, CONTEXT);

    // assert
    expect(sealed).toMatch(/^sealed1\.local\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET);
    await expect(sealer.open(sealed, { webhookId: 'w-1', purpose: 'webhook-signing-secret' })).resolves.toBe(SECRET);
  });

  it('seals the same secret differently each time (a fresh data key and IV)', async () => {
    expect(await sealer.seal(SECRET, CONTEXT)).not.toBe(await sealer.seal(SECRET, CONTEXT));
  });

  it.each([
    ['another webhook id', { ...CONTEXT, webhookId: 'w-2' }],
    ['another purpose', { ...CONTEXT, purpose: 'something-else' }],
    ['a missing context key', { webhookId: 'w-1' }],
  ])('refuses to open under %s', async (_label, context) => {
    const sealed = await sealer.seal(SECRET, CONTEXT);
    await expect(sealer.open(sealed, context)).rejects.toThrow();
  });

  it('refuses a tampered ciphertext, a swapped data key and another master key', async () => {
    // prepare
    const sealed = await sealer.seal(SECRET, CONTEXT);
    const other = await sealer.seal('whsec_other', CONTEXT);
    const [format, provider, key, body] = sealed.split('.');
    const bodyBytes = Buffer.from(body as string, 'base64url');
    bodyBytes[bodyBytes.length - 20]! ^= 1;
    const otherKey = other.split('.')[2];

    // act + assert
    await expect(sealer.open([format, provider, key, bodyBytes.toString('base64url')].join('.'), CONTEXT)).rejects.toThrow();
    await expect(sealer.open([format, provider, otherKey, body].join('.'), CONTEXT)).rejects.toThrow();
    await expect(new EnvelopeSealer(new LocalDataKeys(newLocalMasterKey())).open(sealed, CONTEXT)).rejects.toThrow();
  });

  it('refuses a plain secret, and a secret sealed by another key provider, with a clear message', async () => {
    const sealed = await sealer.seal(SECRET, CONTEXT);
    await expect(sealer.open(SECRET, CONTEXT)).rejects.toThrow('Not a sealed secret');
    await expect(sealer.open(sealed.replace('.local.', '.kms.'), CONTEXT)).rejects.toThrow('sealed by the kms key provider, not local');
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => new LocalDataKeys(randomBytes(16).toString('base64'))).toThrow('must be 32 bytes');
  });
});

describe('KmsDataKeys', () => {
  /** A KMS stand-in that records each command and wraps data keys under its own key, honouring the context as KMS does. */
  function recordingKms() {
    const kmsKey = randomBytes(32);
    const commands: (GenerateDataKeyCommand | DecryptCommand)[] = [];
    const aad = (context: Record<string, string> | undefined) => Buffer.from(JSON.stringify(context ?? {}));
    const client = {
      send: async (command: GenerateDataKeyCommand | DecryptCommand) => {
        commands.push(command);
        if (command instanceof GenerateDataKeyCommand) {
          const plaintext = randomBytes(32);
          return {
            Plaintext: Uint8Array.from(plaintext),
            CiphertextBlob: gcmEncrypt(kmsKey, plaintext, aad(command.input.EncryptionContext)),
          };
        }
        return { Plaintext: gcmDecrypt(kmsKey, command.input.CiphertextBlob as Uint8Array, aad(command.input.EncryptionContext)) };
      },
    };
    return { client: client as unknown as KMSClient, commands };
  }

  it('asks KMS for an AES-256 data key and to decrypt it, naming the key and the encryption context both times', async () => {
    // prepare
    const kms = recordingKms();
    const sealer = new EnvelopeSealer(new KmsDataKeys(() => kms.client, 'arn:aws:kms:eu-west-1:111122223333:key/abc'));

    // act
    const sealed = await sealer.seal(SECRET, CONTEXT);
    const opened = await sealer.open(sealed, CONTEXT);

    // assert
    expect(sealed).toMatch(/^sealed1\.kms\./);
    expect(opened).toBe(SECRET);
    expect(kms.commands.map((c) => c.constructor.name)).toEqual(['GenerateDataKeyCommand', 'DecryptCommand']);
    expect(kms.commands[0]!.input).toEqual({
      KeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
      KeySpec: 'AES_256',
      EncryptionContext: CONTEXT,
    });
    expect(kms.commands[1]!.input).toMatchObject({ KeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc', EncryptionContext: CONTEXT });
  });
});

describe('createSecretSealer', () => {
  it('uses the local master key in the local stage', async () => {
    const sealer = createSecretSealer({ stage: 'local', region: 'eu-west-1', secrets: { localMasterKey: newLocalMasterKey() } });
    expect(await sealer.seal(SECRET, CONTEXT)).toMatch(/^sealed1\.local\./);
  });

  it('never uses a local key in the cloud stage, and says what to set when a key is missing', async () => {
    const cloud = createSecretSealer({ stage: 'cloud', region: 'eu-west-1', secrets: { localMasterKey: newLocalMasterKey() } });
    const local = createSecretSealer({ stage: 'local', region: 'eu-west-1' });
    await expect(cloud.seal(SECRET, CONTEXT)).rejects.toThrow('set WEBHOOK_SECRETS_KEY_ID');
    await expect(local.open('sealed1.local.a.b', CONTEXT)).rejects.toThrow('set LOCAL_SECRETS_KEY');
  });
});
