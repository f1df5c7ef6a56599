/**
 * Jest for the whole project. ts-jest compiles each file on its own
 * (transpile-only) because tsconfig.json sets `isolatedModules: true`: ts-jest
 * 29.4 reads that from tsconfig (its own `isolatedModules` option is
 * deprecated), and `npm test` type-checks separately with `tsc --noEmit`.
 *
 * globalSetup starts one in-memory DynamoDB Local for the run and creates the
 * test token issuer's keys; each test file makes its own table on it
 * (tests/support/test-table.ts), so files run in parallel.
 *
 * @type {import('jest').Config}
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  setupFiles: ['<rootDir>/tests/support/env.ts'],
  // Generous on purpose: on a busy 2-core machine seeding a table or a
  // DynamoDB Local start can take tens of seconds. Tests never assert time.
  testTimeout: 120000,
  // 2 cores here, and DynamoDB Local (java) needs one of them.
  maxWorkers: 2,
};
