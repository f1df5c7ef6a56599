/**
 * Shared pieces of the erasure tests beyond the privacy world: a recording
 * identity directory that behaves like Cognito's (a user deleted twice is
 * fine), the erasure sweep handler on a test API's table (the factory the
 * Lambda entry and the local run call), and the erasure items as stored.
 */
import { createErasureSweepHandler, type ErasureSweepLambdaHandler } from '../../functions/privacy/create-erasure-sweep-handler';
import { erasureHash, erasureKey } from '../../functions/privacy/erasure.repository';
import type { IdentityDirectory } from '../../functions/privacy/identity-directory';
import type { Item } from '../../functions/shared/data/table';
import { scanTable } from './table-scan';
import type { TestApi } from './test-api';

/** An IdentityDirectory that records each deletion and can be told to fail the next calls. */
export interface RecordingDirectory extends IdentityDirectory {
  /** User names deleted, in order (a repeated deletion of a gone user is recorded too). */
  readonly deleted: string[];
  /** The next `count` calls throw (as a Cognito outage would) and delete nothing. */
  failNext(count: number): void;
}

export function recordingDirectory(): RecordingDirectory {
  const deleted: string[] = [];
  let failures = 0;
  return {
    deleted,
    failNext(count) {
      failures = count;
    },
    async deleteUser(username) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('injected identity directory outage');
      }
      deleted.push(username);
    },
  };
}

/** The erasure sweep handler on the API's table, client and clock (local stage: `{ now }` is honoured). */
export function createTestErasureSweep(
  api: TestApi,
  options: { identities: IdentityDirectory; afterErasureBatch?: (step: string) => void },
): ErasureSweepLambdaHandler {
  return createErasureSweepHandler(
    { stage: 'local', region: process.env.AWS_REGION ?? 'us-east-1', tableName: api.table.tableName, dynamodbEndpoint: api.table.endpoint },
    { client: api.client, clock: api.clock, identities: options.identities, afterErasureBatch: options.afterErasureBatch },
  );
}

/** The instant `minutes` after the API clock's now, as the sweep's `{ now }`. */
export function minutesLater(api: TestApi, minutes: number): { now: string } {
  return { now: new Date(api.clock.now().getTime() + minutes * 60_000).toISOString() };
}

/** A person's erasure marker and their pending-erasure entries, as stored (test-only Scan). */
export async function erasureItems(api: TestApi, personId: string): Promise<{ marker: Item | null; pending: Item[] }> {
  const items = await scanTable(api.table);
  const key = erasureKey(personId);
  return {
    marker: items.find((item) => item.pk === key.pk && item.sk === key.sk) ?? null,
    pending: items.filter((item) => item.pk === 'ERASURES#PENDING' && String(item.sk).endsWith(`#${erasureHash(personId)}`)),
  };
}
