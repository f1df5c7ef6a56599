/**
 * The partitions the webhook Lambdas (dispatch and retry) read and write, as
 * IAM `StringLike` patterns of the partition key (`*`: any run of characters).
 *
 * These Lambdas call URLs that users choose, so their roles must not reach a
 * reflection, a profile or any other person's data even if the code had a
 * bug: infra/ turns this list into the roles' `dynamodb:LeadingKeys`
 * condition, and tests/webhooks/webhook-partitions.test.ts runs the real
 * dispatch and retry paths through a client that refuses any other key. A new
 * key kind in those paths fails that test, not production with AccessDenied.
 *
 * The API's webhook code (create, list, delete, test events) runs in the
 * GraphQL Lambda and is not bound by this list: the webhook counter beside
 * the couple (`COUPLE#<id>` / `WEBHOOK_COUNT`) and the outbox are written
 * there, never by the webhook Lambdas.
 */
export const WEBHOOK_LAMBDA_PARTITIONS = {
  /**
   * Base table: a webhook's own partition (webhook.repository.ts,
   * delivery.repository.ts) holds the webhook, its sealed signing secret, its
   * deliveries, event markers and delivery-id pointers. Nothing else.
   */
  table: ['WEBHOOK#*'],
  /** gsi1: the list of a couple's webhooks and of a practice's (the dispatcher's fan-out of an event). */
  gsi1: ['COUPLE#*#WEBHOOKS', 'PRACTICE#*#WEBHOOKS'],
} as const satisfies { table: readonly string[]; gsi1: readonly string[] };
