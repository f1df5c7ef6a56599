import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import type { RandomSource } from '../prompts/prompt-draw';
import type { SweepConfig } from '../shared/config';
import { createDocumentClient } from '../shared/data/dynamo-client';
import { EventBridgePublisher, unconfiguredPublisher, type EventPublisher } from '../shared/events/publisher';
import { parseRfc3339 } from '../shared/time/zoned-time';
import { createLogger, type Logger } from '../shared/logging/logger';
import { systemClock, type Clock } from '../shared/time/clock';
import { sweepReminders, type SweepResult } from './sweep';

/** Replaceable parts, for the local run (in-process bus) and tests (test table, moved clock, seeded random, small pages). */
export interface SweepOverrides {
  client?: DynamoDBDocumentClient;
  clock?: Clock;
  random?: RandomSource;
  /** Where reminder events go; default EventBridge (EVENT_BUS_NAME). */
  events?: EventPublisher;
  logger?: Logger;
  pageSize?: number;
  marginMs?: number;
}

/**
 * What the sweep is invoked with: EventBridge's scheduled event (whose
 * fields are ignored: the sweep runs at the current time), or, in the local
 * run only, `{ "now": "<RFC 3339>" }` to sweep at another instant.
 */
export type SweepEvent = Record<string, unknown> | null | undefined;

export type SweepLambdaHandler = (event: SweepEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<SweepResult>;

/** `now` was given but is not an RFC 3339 instant. */
export class InvalidSweepInstantError extends Error {
  constructor() {
    super('"now" must be an RFC 3339 instant, e.g. 2026-12-10T19:00:00Z');
    this.name = 'InvalidSweepInstantError';
  }
}

/**
 * Some entries failed (each is logged). Thrown after the run so the
 * invocation counts as failed: Lambda retries it (safe: the sweep is
 * idempotent) and then sends it to the sweep DLQ, whose alarm calls a human.
 */
export class SweepFailedError extends Error {
  constructor(readonly result: SweepResult) {
    super(`${result.failed} reminder sweep entr${result.failed === 1 ? 'y' : 'ies'} failed; they stay due for the next run`);
    this.name = 'SweepFailedError';
  }
}

/** The instant in `{ now }`, if given; InvalidSweepInstantError when malformed. */
export function requestedInstant(event: SweepEvent): Date | null {
  const now = event?.now;
  if (now === undefined || now === null) return null;
  // Impossible dates (30 February) are refused, not rolled over into March.
  const parsed = typeof now === 'string' ? parseRfc3339(now) : null;
  if (!parsed) throw new InvalidSweepInstantError();
  return parsed;
}

/**
 * Builds the sweep Lambda handler. The cloud entry (sweep-handler.ts), the
 * local run's timer and `POST /local/reminders/sweep`, and the tests all call
 * this: one code path.
 */
export function createSweepHandler(config: SweepConfig, overrides: SweepOverrides = {}): SweepLambdaHandler {
  const logger = overrides.logger ?? createLogger({ service: 'reminder-sweep', stage: config.stage });
  const client = overrides.client ?? createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const publisher =
    overrides.events ??
    (config.eventBusName
      ? new EventBridgePublisher(new EventBridgeClient({ region: config.region }), config.eventBusName)
      : unconfiguredPublisher);
  const clock = overrides.clock ?? systemClock;
  const deps = { table: { client, tableName: config.tableName }, publisher, logger, random: overrides.random ?? Math.random };

  return async (event, context) => {
    // Sweeping ahead of time would send reminders early: only the local run may choose the instant.
    const requested = config.stage === 'local' ? requestedInstant(event) : null;
    const result = await sweepReminders(deps, {
      now: requested ?? clock.now(),
      remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
      pageSize: overrides.pageSize,
      marginMs: overrides.marginMs,
    });
    if (result.failed > 0) throw new SweepFailedError(result);
    return result;
  };
}
