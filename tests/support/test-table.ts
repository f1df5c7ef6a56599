import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createLocalDynamoDbClient } from '../../local/dynamodb/client';
import { ensureTable } from '../../local/dynamodb/ensure-table';
import { HARNESS_ENV, harnessEnv } from './harness-env';

/** A table of its own for one test file, on the run's shared DynamoDB Local. */
export interface TestTable {
  /** Unique name: pass it as AppConfig.tableName. */
  tableName: string;
  /** The DynamoDB Local endpoint the table lives on (AppConfig.dynamodbEndpoint). */
  endpoint: string;
  /** A raw client on that endpoint, for arranging and inspecting items. */
  client: DynamoDBClient;
  /** Deletes the table and closes the client; call it in afterAll. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named table shaped by TABLE_DEFINITION (through the
 * same ensureTable as `npm start`) on the DynamoDB Local that globalSetup
 * started. One table per test file keeps files independent, so jest can run
 * them in parallel without cleaning up after each other.
 *
 * @param prefix readable part of the name, e.g. the feature under test
 */
export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  const endpoint = harnessEnv(HARNESS_ENV.dynamodbEndpoint);
  const safePrefix = prefix.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 100);
  const tableName = `${safePrefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const client = createLocalDynamoDbClient(endpoint);
  await ensureTable(client, tableName);
  return {
    tableName,
    endpoint,
    client,
    async drop() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
      } finally {
        client.destroy();
      }
    },
  };
}
