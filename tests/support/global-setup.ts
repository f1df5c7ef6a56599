import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalIssuer } from '../../local/auth/local-issuer';
import { newLocalMasterKey } from '../../functions/shared/secrets/local-data-keys';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { HARNESS_ENV } from './harness-env';
import './harness-state';

/**
 * Starts ONE in-memory DynamoDB Local for the whole jest run (skipped when
 * DYNAMODB_ENDPOINT is already set) and creates the test issuer's keys in a
 * temp dir. Both reach the workers through process.env, which they inherit.
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.env.AWS_REGION ||= 'us-east-1';

  let dynamodb: DynamoDbLocal | undefined;
  if (!process.env[HARNESS_ENV.dynamodbEndpoint]) {
    // Java can take well over 30 s to answer on a machine shared by many test runs (load 25+ seen).
    dynamodb = await startDynamoDbLocal({ startTimeoutMs: 120_000 });
    process.env[HARNESS_ENV.dynamodbEndpoint] = dynamodb.endpoint;
  }

  const issuerKeyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconnect-test-issuer-'));
  // Created once here so that workers only read the keys, never race to write them.
  await createLocalIssuer({ keyDir: issuerKeyDir });
  process.env[HARNESS_ENV.issuerKeyDir] = issuerKeyDir;
  // One master key per run: the API seals webhook secrets with it, the dispatcher opens them.
  process.env[HARNESS_ENV.secretsKey] ||= newLocalMasterKey();

  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconnect-test-scratch-'));
  process.env[HARNESS_ENV.scratchDir] = scratchDir;

  globalThis.__RECONNECT_HARNESS__ = { dynamodb, issuerKeyDir, scratchDir };
}
