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
  // Generous: the machine running the suite may be busy (load 25+ on 2 cores was seen); no test asserts time.
  testTimeout: 120000,
  // 2 cores here, and DynamoDB Local (java) needs one of them.
  maxWorkers: 2,
  // Jest gives a worker 500 ms to exit before "failed to exit gracefully".
  // Measured here (load 25 on 2 cores): two files holding one trivial test
  // each got that warning on every run at 500 ms and never at 15 s, with the
  // same total time, so the workers do exit (no handle keeps them alive);
  // they are only slow to. 10 s still catches a real leak.
  workerGracefulExitTimeout: 10000,
};
