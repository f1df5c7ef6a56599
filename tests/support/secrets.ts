import type { SecretsConfig } from '../../functions/shared/config';
import { LocalDataKeys } from '../../functions/shared/secrets/local-data-keys';
import { EnvelopeSealer, type SecretSealer } from '../../functions/shared/secrets/secret-sealer';
import { HARNESS_ENV, harnessEnv } from './harness-env';

/** The secrets config of every handler under test: this run's local master key (jest globalSetup makes it). */
export function testSecretsConfig(): SecretsConfig {
  return { localMasterKey: harnessEnv(HARNESS_ENV.secretsKey) };
}

/** The sealer the handlers under test use, for tests that store or inspect a sealed secret themselves. */
export function testSealer(): SecretSealer {
  return new EnvelopeSealer(new LocalDataKeys(harnessEnv(HARNESS_ENV.secretsKey)));
}
