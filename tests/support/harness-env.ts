/**
 * Names of the environment variables through which jest's globalSetup hands
 * its resources to the test workers (workers inherit the env of the process
 * that ran globalSetup).
 */
export const HARNESS_ENV = {
  /** The shared DynamoDB Local (or the DYNAMODB_ENDPOINT the developer set). */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  /** Directory of the test token issuer's key pair. */
  issuerKeyDir: 'RECONNECT_TEST_ISSUER_DIR',
  /** The local master key of sealed secrets, generated per test run (base64). */
  secretsKey: 'RECONNECT_TEST_SECRETS_KEY',
  /** A folder for the run's scratch files (CDK cloud assemblies), removed by globalTeardown. */
  scratchDir: 'RECONNECT_TEST_SCRATCH_DIR',
} as const;

/** Reads a harness variable, explaining what is wrong when globalSetup did not run. */
export function harnessEnv(name: (typeof HARNESS_ENV)[keyof typeof HARNESS_ENV]): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run tests through jest (jest.config.js globalSetup sets it)`);
  }
  return value;
}
