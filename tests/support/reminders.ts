/**
 * Shared pieces of the reminder tests: the sweep handler on a test API's
 * table (the same factory the Lambda entry and the local run call), the
 * reminder operations, and a reconnect in one call.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { coupleKey } from '../../functions/couples/couple-keys';
import type { RandomSource } from '../../functions/prompts/prompt-draw';
import { createSweepHandler, type SweepLambdaHandler, type SweepOverrides } from '../../functions/reminders/create-sweep-handler';
import type { SweepResult } from '../../functions/reminders/sweep';
import type { SweepConfig } from '../../functions/shared/config';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { countRequests, type RequestCounter } from './request-counter';
import type { Item } from '../../functions/shared/data/table';
import type { EventPublisher } from '../../functions/shared/events/publisher';
import { localIdOf } from '../../functions/shared/ids/global-id';
import { answerPrompt, COMPLETE_SESSION, dataOf, startSession } from './operations';
import { seededRandom } from './seeded-random';
import type { TestApi } from './test-api';
import type { TestTable } from './test-table';

export const REMINDER_FIELDS = `
  id kind status dueAt createdAt acknowledgedAt resolvedAt daysSinceLastReconnect
  couple { id }
  suggestedPrompt { id theme }
  session { id scheduledFor }
`;

export const COUPLE_REMINDERS = `query($id: ID!, $status: ReminderStatus, $first: Int, $after: String) {
  couple(id: $id) {
    nextReminderAt
    reminders(status: $status, first: $first, after: $after) {
      edges { cursor node { ${REMINDER_FIELDS} } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const ACKNOWLEDGE_REMINDER = `mutation($id: ID!) { acknowledgeReminder(input: { reminderId: $id }) { ${REMINDER_FIELDS} } }`;

/** The sweep Lambda's config for a test table, in the local stage (so `{ now }` is honoured). */
export function testSweepConfig(table: Pick<TestTable, 'tableName' | 'endpoint'>): SweepConfig {
  return { stage: 'local', region: process.env.AWS_REGION ?? 'us-east-1', tableName: table.tableName, dynamodbEndpoint: table.endpoint };
}

export interface TestSweep {
  handler: SweepLambdaHandler;
  /** DynamoDB requests the sweep sent. */
  requests: RequestCounter;
  /** Runs the sweep at `now`, with `remainingMs` as the Lambda's remaining time (unlimited by default). */
  run(now: string, remainingMs?: () => number): Promise<SweepResult>;
  close(): void;
}

/** The sweep handler on the API's table, with its own client (for counting) and a seeded random source. */
export function createTestSweep(
  api: TestApi,
  options: { events?: EventPublisher; random?: RandomSource; pageSize?: number; overrides?: SweepOverrides } = {},
): TestSweep {
  const config = testSweepConfig(api.table);
  const client = options.overrides?.client ?? createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const requests = countRequests(client);
  const handler = createSweepHandler(config, {
    client,
    clock: api.clock,
    random: options.random ?? seededRandom(11),
    events: options.events,
    pageSize: options.pageSize,
    ...options.overrides,
  });
  return {
    handler,
    requests,
    run: (now, remainingMs = () => Number.POSITIVE_INFINITY) => handler({ now }, lambdaContext(remainingMs)),
    close: () => client.destroy(),
  };
}

/** The part of a Lambda context the sweep reads. */
export function lambdaContext(remainingMs: () => number): Pick<Context, 'getRemainingTimeInMillis'> {
  return { getRemainingTimeInMillis: remainingMs };
}

/** A time budget that runs out once the sweep has sent `transactions` TransactWriteItems (one per reminder). */
export function budgetOf(requests: RequestCounter, transactions: number): () => number {
  return () => ((requests.byCommand.TransactWriteItemsCommand ?? 0) >= transactions ? 0 : 60_000);
}

/** A reconnect: `a` starts a session, both partners answer its first prompt, `a` completes it. Returns the session id. */
export async function reconnect(api: TestApi, a: string, b: string, coupleId: string, sessionId?: string): Promise<string> {
  const session = await startSession(api, a, coupleId, sessionId ? { sessionId } : {});
  const promptId = session.prompts[0].prompt.id;
  await answerPrompt(api, a, session.id, promptId, 'I missed our evenings.');
  await answerPrompt(api, b, session.id, promptId, 'Me too.');
  dataOf(await api.as(a, COMPLETE_SESSION, { id: session.id }), 'completeSession');
  return session.id;
}

/** A couple's reminders as `sub` sees them (newest first), optionally by status. */
export async function remindersOf(api: TestApi, sub: string, coupleId: string, status?: string): Promise<any[]> {
  const data = dataOf(await api.as(sub, COUPLE_REMINDERS, { id: coupleId, status, first: 100 }), 'couple.reminders');
  return data.couple.reminders.edges.map((edge: { node: unknown }) => edge.node);
}

/** The stored couple item (for attributes the API does not show, e.g. the due index entry). */
export async function coupleItemOf(api: TestApi, coupleGlobalId: string): Promise<Item> {
  const coupleId = localIdOf(coupleGlobalId, 'Couple');
  if (!coupleId) throw new Error(`Not a couple id: ${coupleGlobalId}`);
  const client = createDocumentClient({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint: api.table.endpoint });
  try {
    const result = await client.send(new GetCommand({ TableName: api.table.tableName, Key: coupleKey(coupleId), ConsistentRead: true }));
    return result.Item ?? {};
  } finally {
    client.destroy();
  }
}
