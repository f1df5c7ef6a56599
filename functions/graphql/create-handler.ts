import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import type { Actor } from '../shared/auth/actor';
import { createTokenVerifier } from '../shared/auth/verify-token';
import type { AppConfig } from '../shared/config';
import { createDocumentClient, primeConnection } from '../shared/data/dynamo-client';
import { DomainError, RateLimitedError } from '../shared/errors';
import { RateLimitRepository } from '../shared/rate-limit/rate-limit.repository';
import { RateLimiter } from '../shared/rate-limit/rate-limiter';
import { EventBridgePublisher, unconfiguredPublisher, type EventPublisher } from '../shared/events/publisher';
import { createLogger, type Logger } from '../shared/logging/logger';
import { runWithRequestIds } from '../shared/logging/request-id';
import { createSecretSealer } from '../shared/secrets/create-secret-sealer';
import type { SecretSealer } from '../shared/secrets/secret-sealer';
import type { RandomSource } from '../prompts/prompt-draw';
import { systemClock, type Clock } from '../shared/time/clock';
import type { GraphqlContext } from './context';
import { isIntrospectionOnly } from './introspection-only';
import { guardRequest, type RefusedRequest } from './request-guard';
import { ADMITTED, startAdmission, type Admission } from './admission';
import { onlyErasesAccount } from './erasure-gate';
import { localIdentityDirectory, type IdentityDirectory } from '../privacy/identity-directory';
import { createErasureCheck, createServices } from './request-scope';
import { createIdempotencyStep } from './idempotency-step';
import { createGraphqlServer } from './server';

export type GraphqlLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Replaceable parts, for tests and benchmarks that need a fixed clock or a counted client. */
export interface HandlerOverrides {
  client?: DynamoDBDocumentClient;
  clock?: Clock;
  /** Randomness for drawing prompts (tests pass a seeded generator). */
  random?: RandomSource;
  /** Where domain events go; the local run passes its in-process bus. Default: EventBridge (EVENT_BUS_NAME). */
  events?: EventPublisher;
  /**
   * Open the DynamoDB connection at cold start (shared/data/dynamo-client.ts
   * `primeConnection`). The Lambda entry sets it; tests and benchmarks that
   * count requests leave it off.
   */
  primeConnection?: boolean;
  /** Seals webhook signing secrets; default from config.secrets. */
  sealer?: SecretSealer;
  /** Test hook: called after each erasure batch (a test throws from it to crash an erasure half-way). */
  afterErasureBatch?: (step: string) => void;
  /** Time one deleteMyAccount may spend erasing (default ERASURE_REQUEST_BUDGET_MS); tests shorten it. */
  erasureRequestBudgetMs?: number;
  /**
   * Where erasure deletes the sign-in identity. Default: none in the cloud
   * (the erasure sweep does it: the Cognito client would take the bundle
   * over its 0.9 MB budget, README "Export and erasure"), the local no-op
   * locally. Tests pass a recording one, or null for the cloud's behaviour.
   */
  identities?: IdentityDirectory | null;
}

/**
 * Builds the GraphQL Lambda handler. The cloud entry (handler.ts) and the
 * local run both call this with their configuration: one code path.
 */
export function createGraphqlHandler(config: AppConfig, overrides: HandlerOverrides = {}): GraphqlLambdaHandler {
  const logger = createLogger({ service: 'graphql', stage: config.stage });
  const client = overrides.client ?? createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  const events =
    overrides.events ??
    (config.eventBusName ? new EventBridgePublisher(lazyEventBridge(config.region), config.eventBusName) : unconfiguredPublisher);
  if (overrides.primeConnection) primeConnection(client, config.tableName);
  const deps = {
    client,
    tableName: config.tableName,
    clock: overrides.clock ?? systemClock,
    stage: config.stage,
    events,
    logger,
    random: overrides.random,
    sealer: overrides.sealer ?? createSecretSealer(config),
    afterErasureBatch: overrides.afterErasureBatch,
    erasureRequestBudgetMs: overrides.erasureRequestBudgetMs,
    identities: overrides.identities !== undefined ? overrides.identities : config.stage === 'local' ? localIdentityDirectory : null,
  };
  const erasureOf = createErasureCheck(deps);
  const verifyToken = createTokenVerifier(config.auth);
  const server = createGraphqlServer({ introspection: config.introspection, logger });
  const idempotency = createIdempotencyStep({ table: { client, tableName: config.tableName }, clock: deps.clock, logger });
  const rateLimiter = new RateLimiter(
    new RateLimitRepository({ client, tableName: config.tableName }),
    deps.clock,
    config.rateLimitPerMinute,
  );

  // Locally only: schema tools (GraphiQL, codegen) may introspect without a token.
  const anonymousIntrospection = config.stage === 'local' && config.introspection;

  // Per request: its admission (admission.ts), and, for the rare refusal Apollo answered before any hook
  // could deliver it, the refusal to answer with instead. Keyed by the event object Apollo's integration hands back.
  const admissions = new WeakMap<APIGatewayProxyEventV2, Admission>();
  const refusalsToAnswer = new WeakMap<APIGatewayProxyEventV2, unknown>();

  const lambdaHandler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
    context: async ({ event, context }): Promise<GraphqlContext> => {
      if (refusalsToAnswer.has(event)) throw refusalsToAnswer.get(event);
      const requestId = requestIdOf(event, context);
      const authorization = event.headers?.authorization ?? event.headers?.Authorization;
      // The guard already decoded the body to text.
      if (!authorization && anonymousIntrospection && isIntrospectionOnly(event.body)) {
        // No resolver of ours runs for introspection fields: an actor with no scopes suffices.
        return {
          actor: ANONYMOUS,
          services: createServices(deps, ANONYMOUS),
          logger: logger.child({ requestId }),
          requestId,
          admission: ADMITTED,
        };
      }
      const actor = await authenticate(verifyToken, authorization, logger);
      // A caller this container already refused in this window: refused before anything is read.
      const knownLimited = rateLimiter.knownLimited(actor.personId);
      if (knownLimited) throw rateLimitRefusal(knownLimited, actor, logger);
      // Both checks in flight together, and with parsing, validation and the operation's reads (admission.ts).
      const admission = startAdmission(
        Promise.all([erasureOf(actor.personId), admit(rateLimiter, actor, logger)]).then(([erasure]) => {
          if (erasure === 'DONE' || (erasure === 'PENDING' && !onlyErasesAccount(event.body))) refuseErased(erasure, logger);
        }),
      );
      admissions.set(event, admission);
      return {
        actor,
        services: createServices(deps, actor, admission.whenAdmitted),
        logger: logger.child({ requestId, personId: actor.personId }),
        requestId,
        admission,
        idempotency: idempotency.forCaller(event, actor),
      };
    },
  });

  /** Apollo's answer, or the caller's refusal if Apollo answered before any admission hook ran (admission.ts). */
  const answer = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const result = (await lambdaHandler(event, context, () => undefined)) as APIGatewayProxyStructuredResultV2;
    const admission = admissions.get(event);
    if (!admission) return result;
    const refusal = await admission.refusal();
    if (refusal === null || admission.delivered) return result;
    // e.g. a body Apollo rejects before its request pipeline: the same request again, its context failing with the refusal.
    refusalsToAnswer.set(event, refusal);
    return (await lambdaHandler(event, context, () => undefined)) as APIGatewayProxyStructuredResultV2;
  };

  return async (event, context) => {
    const requestId = requestIdOf(event, context);
    const lambdaRequestId = context?.awsRequestId !== requestId ? context?.awsRequestId : undefined;
    const result = await runWithRequestIds({ requestId, ...(lambdaRequestId ? { lambdaRequestId } : {}) }, async () => {
      const checked = guardRequest(event);
      if ('refused' in checked) return refusedWithRequestId(checked, requestId, logger);
      const badKey = idempotency.read(checked.event);
      if (badKey) return refusedWithRequestId(badKey, requestId, logger);
      return idempotency.around(checked.event, () => answer(checked.event, context));
    });
    // On every answer, errors or not: what a client quotes to support.
    return { ...result, headers: { ...result.headers, 'x-request-id': requestId } };
  };
}

/** API Gateway's id (also in its `apigw-requestid` header), else the Lambda invocation's. */
function requestIdOf(event: APIGatewayProxyEventV2, context: Context | undefined): string {
  return event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';
}

/** A request the guard refused before Apollo: its errors get the request id too, and the refusal its log line. */
function refusedWithRequestId({ refused }: RefusedRequest, requestId: string, logger: Logger): APIGatewayProxyStructuredResultV2 {
  const body = JSON.parse(refused.body ?? '{}') as { errors?: { extensions?: Record<string, unknown> }[] };
  for (const error of body.errors ?? []) error.extensions = { ...error.extensions, requestId };
  logger.info('graphql request refused', { statusCode: refused.statusCode, code: body.errors?.[0]?.extensions?.code });
  return { ...refused, body: JSON.stringify(body) };
}

/** The caller of an anonymous introspection request in the local run: nobody, with no scope. */
const ANONYMOUS: Actor = { personId: '', scopes: new Set() };

async function authenticate(
  verifyToken: ReturnType<typeof createTokenVerifier>,
  authorization: string | undefined,
  logger: Logger,
): Promise<Actor> {
  try {
    const caller = await verifyToken(authorization);
    return {
      personId: caller.sub,
      tokenName: caller.name,
      username: caller.username,
      authTime: caller.authTime,
      scopes: new Set(caller.scopes),
    };
  } catch (error) {
    // No operation runs, so the operation log line will not come: this is the request's line.
    logger.info('graphql request refused', {
      code: 'UNAUTHENTICATED',
      reason: error instanceof DomainError ? error.message : String(error),
    });
    // Apollo answers a context failure with this error and its HTTP status; 401 tells clients to re-authenticate.
    const message = error instanceof DomainError ? error.message : 'A valid bearer token is required';
    throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

/**
 * A token of an erased person (README "Export and erasure"): UNAUTHENTICATED
 * once the erasure is DONE (the account is gone; the token may outlive it by
 * up to its lifetime), and while it is PENDING for anything but the
 * deleteMyAccount that finishes it.
 */
function refuseErased(status: 'DONE' | 'PENDING', logger: Logger): never {
  logger.info('graphql request refused', { code: 'UNAUTHENTICATED', reason: `account erasure ${status}` });
  const message =
    status === 'DONE'
      ? 'This account was erased'
      : 'This account is being erased; only deleteMyAccount (to finish the erasure) is accepted';
  throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

async function admit(rateLimiter: RateLimiter, actor: Actor, logger: Logger): Promise<void> {
  try {
    await rateLimiter.admit(actor.personId);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw rateLimitRefusal(error, actor, logger);
  }
}

function rateLimitRefusal(error: RateLimitedError, actor: Actor, logger: Logger): GraphQLError {
  logger.info('graphql request refused', { code: error.code, personId: actor.personId });
  // 429 with Retry-After: clients and SDKs back off on these without reading the body.
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      retryAfterSeconds: error.retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(error.retryAfterSeconds ?? 60)]]) },
    },
  });
}

/**
 * The EventBridge client, made on the first publish: most requests publish
 * nothing, and building an SDK client (its configuration chain) is cold-start
 * work the first answer does not need.
 */
function lazyEventBridge(region: string): Pick<EventBridgeClient, 'send'> {
  let client: EventBridgeClient | undefined;
  return {
    send: (command) => {
      client ??= new EventBridgeClient({ region });
      return client.send(command);
    },
  };
}
