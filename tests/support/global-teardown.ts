import fs from 'node:fs';
import { HARNESS_ENV } from './harness-env';
import './harness-state';

/**
 * Stops the DynamoDB Local that globalSetup started and removes the test
 * issuer keys and the run's scratch folder. The variables are cleared too: in watch mode the next run's
 * globalSetup must start a fresh DynamoDB Local, not trust a dead endpoint.
 */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__RECONNECT_HARNESS__;
  if (!state) return;
  globalThis.__RECONNECT_HARNESS__ = undefined;
  if (state.dynamodb) {
    await state.dynamodb.stop();
    delete process.env[HARNESS_ENV.dynamodbEndpoint];
  }
  fs.rmSync(state.issuerKeyDir, { recursive: true, force: true });
  delete process.env[HARNESS_ENV.issuerKeyDir];
  fs.rmSync(state.scratchDir, { recursive: true, force: true });
  delete process.env[HARNESS_ENV.scratchDir];
}
