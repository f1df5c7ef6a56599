import path from 'node:path';

/**
 * Root of the project (the folder holding package.json). Derived from this
 * file's location rather than `process.cwd()` so that `npm start` run from a
 * sub-folder still keeps its data in the same place.
 */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/**
 * Everything the local run keeps between restarts lives here (git-ignored).
 * `RECONNECT_DATA_DIR` moves it (the start-up tests use a temp dir so that a
 * developer's own data is never touched).
 */
export const LOCAL_DATA_DIR = process.env.RECONNECT_DATA_DIR
  ? path.resolve(process.env.RECONNECT_DATA_DIR)
  : path.join(PROJECT_ROOT, '.data');

/** DynamoDB Local's database files for `npm start`. */
export const LOCAL_DYNAMODB_DIR = path.join(LOCAL_DATA_DIR, 'dynamodb');

/** The local token issuer's key pair for `npm start`. */
export const LOCAL_ISSUER_DIR = path.join(LOCAL_DATA_DIR, 'local-issuer');

/**
 * GraphiQL's browser bundle, built from node_modules on first use and reused
 * while its inputs are unchanged. A build cache, not data: always in this
 * checkout's .data/ (also under RECONNECT_DATA_DIR), so `npm start`, its
 * tests and the browser test share one build.
 */
export const LOCAL_GRAPHIQL_DIR = path.join(PROJECT_ROOT, '.data', 'graphiql');
