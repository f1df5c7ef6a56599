import type { DynamoDbLocal } from '../../local/dynamodb/dynamodb-local';

/** What globalSetup leaves for globalTeardown (both run in jest's main process, so globalThis carries it). */
export interface HarnessState {
  /** Set only when globalSetup started DynamoDB Local itself. */
  dynamodb?: DynamoDbLocal;
  issuerKeyDir: string;
  scratchDir: string;
}

declare global {
  // `var` is required for a property of globalThis.
  // eslint-disable-next-line no-var
  var __RECONNECT_HARNESS__: HarnessState | undefined;
}
