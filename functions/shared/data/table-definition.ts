/**
 * The one description of the Reconnect table: key attributes, secondary
 * indexes and the TTL attribute. The CDK stack (infra/) and the local run /
 * tests (local/, tests/support/) both build the table from this object, so a
 * key or index can never differ between the cloud and DynamoDB Local.
 *
 * Item key conventions (see each domain's `*.repository.ts` for its items):
 * - `pk`/`sk`: every item. Entities live at `pk = <TYPE>#<id>`.
 * - GSI1 (`gsi1pk`/`gsi1sk`) and GSI2 (`gsi2pk`/`gsi2sk`): overloaded
 *   "children of a parent, newest first" indexes (sessions of a couple,
 *   sessions of a couple by status, reflections of a couple, ...).
 * - `byDue` (`duePk`/`dueAt`): sparse; a couple carries these two attributes
 *   only while a reconnect reminder is pending, so the sweep never scans.
 * - GSI3 (`gsi3pk`/`gsi3sk`): sparse; an active care grant carries it so that
 *   a practice's caseload reads in drift-risk order with a key condition.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'byDue', partitionKey: 'duePk', sortKey: 'dueAt' },
    // A practice's caseload in drift-risk order (functions/practices/caseload.ts): a third ordering of one item.
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

/** Names of the secondary indexes, for typed queries. */
export type IndexName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];

/** Every key attribute is a string: ids and ISO-8601 instants sort lexicographically. */
export const KEY_ATTRIBUTE_TYPE = 'S' as const;
