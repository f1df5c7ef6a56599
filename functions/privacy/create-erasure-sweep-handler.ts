import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createServices, type AppDependencies } from '../graphql/request-scope';
import { requestedInstant, type SweepEvent } from '../reminders/create-sweep-handler';
import type { Actor } from '../shared/auth/actor';
import { ALL_SCOPES } from '../shared/auth/scopes';
import type { ErasureSweepConfig } from '../shared/config';
import { createDocumentClient } from '../shared/data/dynamo-client';
import { EventBridgePublisher, unconfiguredPublisher, type EventPublisher } from '../shared/events/publisher';
import { createLogger, type Logger } from '../shared/logging/logger';
import { withLambdaRequestId } from '../shared/logging/request-id';
import type { SecretSealer } from '../shared/secrets/secret-sealer';
import { systemClock, type Clock } from '../shared/time/clock';
import { CognitoIdentityDirectory } from './cognito-identity-directory';
import { ErasureRepository } from './erasure.repository';
import { sweepErasures, type ErasureSweepResult } from './erasure-sweep';
import { localIdentityDirectory, type IdentityDirectory } from './identity-directory';

/** Replaceable parts, for the local run (in-process bus, demo clock) and tests (test table, moved clock, recording directory). */
export interface ErasureSweepOverrides {
  client?: DynamoDBDocumentClient;
  clock?: Clock;
  events?: EventPublisher;
  logger?: Logger;
  /** Default: the Cognito pool USER_POOL_ID in the cloud, the local no-op locally. */
  identities?: IdentityDirectory;
  /** Test hook: called after each erasure batch (a test throws from it). */
  afterErasureBatch?: (step: string) => void;
  marginMs?: number;
  pageSize?: number;
}

export type ErasureSweepLambdaHandler = (
  event: SweepEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'awsRequestId'>>,
) => Promise<ErasureSweepResult>;

/**
 * Some erasures failed (each is logged by its marker hash). Thrown after the
 * run so the invocation counts as failed: Lambda retries it, then the DLQ and
 * its alarm call a human; the erasures stay PENDING (the account closed).
 */
export class ErasureSweepFailedError extends Error {
  constructor(readonly result: ErasureSweepResult) {
    super(`${result.failed} erasure${result.failed === 1 ? '' : 's'} could not be finished; they stay PENDING for the next run`);
    this.name = 'ErasureSweepFailedError';
  }
}

/** Erasure seals and opens no webhook secret: this Lambda has no use (and no grant) for that key. */
const NO_SECRETS: SecretSealer = {
  seal: () => Promise.reject(new Error('The erasure sweep seals no secret')),
  open: () => Promise.reject(new Error('The erasure sweep opens no secret')),
};

/**
 * Who the sweep acts as: the person whose erasure it finishes, with every
 * scope. The person asked for the erasure (the PENDING marker is that
 * request, made with `profile`, `couple:write` and `reflections:write`), and
 * the steps are those of their own `deleteMyAccount`.
 */
function actingFor(personId: string): Actor {
  return { personId, scopes: new Set(ALL_SCOPES) };
}

function identityDirectory(config: ErasureSweepConfig): IdentityDirectory {
  if (config.stage === 'local') return localIdentityDirectory;
  if (!config.userPoolId) throw new Error('Missing required environment variable USER_POOL_ID');
  return CognitoIdentityDirectory.forPool(config.userPoolId, config.region);
}

/**
 * Builds the erasure sweep Lambda handler. The cloud entry
 * (erasure-sweep-handler.ts), `POST /local/erasures/sweep` and the tests all
 * call this; each erasure is finished by `PrivacyService.resumeErasure`,
 * built by the GraphQL Lambda's own composition root: one code path with
 * `deleteMyAccount`.
 */
export function createErasureSweepHandler(config: ErasureSweepConfig, overrides: ErasureSweepOverrides = {}): ErasureSweepLambdaHandler {
  const logger = overrides.logger ?? createLogger({ service: 'erasure-sweep', stage: config.stage });
  const client = overrides.client ?? createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const events =
    overrides.events ??
    (config.eventBusName
      ? new EventBridgePublisher(new EventBridgeClient({ region: config.region }), config.eventBusName)
      : unconfiguredPublisher);
  const clock = overrides.clock ?? systemClock;
  const deps: AppDependencies = {
    client,
    tableName: config.tableName,
    clock,
    stage: config.stage,
    events,
    logger,
    sealer: NO_SECRETS,
    identities: overrides.identities ?? identityDirectory(config),
    afterErasureBatch: overrides.afterErasureBatch,
  };
  const erasures = new ErasureRepository({ client, tableName: config.tableName });

  return withLambdaRequestId(async (event: SweepEvent, context: Parameters<ErasureSweepLambdaHandler>[1]) => {
    // Only the local run may sweep at another instant (to finish a crashed erasure without waiting).
    const requested = config.stage === 'local' ? requestedInstant(event) : null;
    const result = await sweepErasures(
      {
        erasures,
        resume: (personId) => {
          const actor = actingFor(personId);
          return createServices(deps, actor).privacy.resumeErasure(actor);
        },
        logger,
      },
      {
        now: requested ?? clock.now(),
        remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
        marginMs: overrides.marginMs,
        pageSize: overrides.pageSize,
      },
    );
    if (result.found > 0) logger.info('erasure sweep', { ...result });
    if (result.failed > 0) throw new ErasureSweepFailedError(result);
    return result;
  });
}
