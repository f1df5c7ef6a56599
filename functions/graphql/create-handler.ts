import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import type { Actor } from '../shared/auth/actor';
import { createTokenVerifier } from '../shared/auth/verify-token';
import type { AppConfig } from '../shared/config';
import { createDocumentClient } from '../shared/data/dynamo-client';
import { DomainError, RateLimitedError } from '../shared/errors';
import { RateLimitRepository } from '../shared/rate-limit/rate-limit.repository';
import { RateLimiter } from '../shared/rate-limit/rate-limiter';
import { EventBridgePublisher, unconfiguredPublisher, type EventPublisher } from '../shared/events/publisher';
import { createLogger } from '../shared/logging/logger';
import type { RandomSource } from '../prompts/prompt-draw';
import { systemClock, type Clock } from '../shared/time/clock';
import type { GraphqlContext } from './context';
import { guardRequest } from './request-guard';
import { createServices } from './request-scope';
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
    (config.eventBusName
      ? new EventBridgePublisher(new EventBridgeClient({ region: config.region }), config.eventBusName)
      : unconfiguredPublisher);
  const deps = {
    client,
    tableName: config.tableName,
    clock: overrides.clock ?? systemClock,
    stage: config.stage,
    events,
    logger,
    random: overrides.random,
  };
  const verifyToken = createTokenVerifier(config.auth);
  const server = createGraphqlServer({ introspection: config.introspection, logger });
  const rateLimiter = new RateLimiter(
    new RateLimitRepository({ client, tableName: config.tableName }),
    deps.clock,
    config.rateLimitPerMinute,
  );

  const lambdaHandler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
    context: async ({ event, context }): Promise<GraphqlContext> => {
      const requestId = event.requestContext?.requestId ?? context.awsRequestId;
      const actor = await authenticate(verifyToken, event.headers?.authorization ?? event.headers?.Authorization);
      await admit(rateLimiter, actor);
      return {
        actor,
        services: createServices(deps),
        logger: logger.child({ requestId, personId: actor.personId }),
        requestId,
      };
    },
  });
  return async (event, context) => {
    const checked = guardRequest(event);
    if ('refused' in checked) return checked.refused;
    return (await lambdaHandler(checked.event, context, () => undefined)) as APIGatewayProxyStructuredResultV2;
  };
}

async function authenticate(verifyToken: ReturnType<typeof createTokenVerifier>, authorization: string | undefined): Promise<Actor> {
  try {
    const caller = await verifyToken(authorization);
    return { personId: caller.sub, tokenName: caller.name, scopes: new Set(caller.scopes) };
  } catch (error) {
    // Apollo answers a context failure with this error and its HTTP status; 401 tells clients to re-authenticate.
    const message = error instanceof DomainError ? error.message : 'A valid bearer token is required';
    throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

async function admit(rateLimiter: RateLimiter, actor: Actor): Promise<void> {
  try {
    await rateLimiter.admit(actor.personId);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    // 429 with Retry-After: clients and SDKs back off on these without reading the body.
    throw new GraphQLError(error.message, {
      extensions: {
        code: error.code,
        retryAfterSeconds: error.retryAfterSeconds,
        http: { status: 429, headers: new Map([['retry-after', String(error.retryAfterSeconds ?? 60)]]) },
      },
    });
  }
}
