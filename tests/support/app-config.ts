import type { AppConfig } from '../../functions/shared/config';
import { testSecretsConfig } from './secrets';
import type { TestTable } from './test-table';
import { testAuthConfig } from './tokens';

/**
 * The AppConfig a handler under test needs: the test file's own table on
 * the shared DynamoDB Local and the test issuer's keys, as the local run
 * wires them. `overrides` replace individual fields.
 */
export function testAppConfig(table: Pick<TestTable, 'tableName' | 'endpoint'>, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    stage: 'local',
    region: process.env.AWS_REGION ?? 'us-east-1',
    tableName: table.tableName,
    dynamodbEndpoint: table.endpoint,
    auth: testAuthConfig(),
    introspection: true,
    // Off by default so that request-count assertions measure the data path;
    // tests/graphql/rate-limit.test.ts turns it on.
    rateLimitPerMinute: 0,
    secrets: testSecretsConfig(),
    ...overrides,
  };
}
