import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../../functions/shared/config';
import { validateOrigin } from '../stage-config';
import { createProjectFunction } from './project-function';
import { grantTableAccess, type TableAccess } from './table-access';

/**
 * What the GraphQL Lambda does with the table: every item action the domains
 * use (reads by key and batch, conditional writes and transactions), and
 * Queries on the base table, gsi1 and gsi2. Not byDue: only the sweep reads it.
 */
export const GRAPHQL_TABLE_ACCESS: TableAccess = {
  actions: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
  queriedIndexes: ['gsi1', 'gsi2'],
};

/** The encryption context key every sealed webhook secret carries (functions/webhooks/secret-context.ts). */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-signing-secret';

/** The GraphQL Lambda's timeout: well below the HTTP API's 30 s integration limit. */
export const GRAPHQL_TIMEOUT = Duration.seconds(10);

/**
 * One JSON line per request in the access log: who (sub, client), what
 * (route, status), how long, and why a token was refused. No IP address or
 * user agent: the request id joins a line to the Lambda's own log when an
 * investigation needs more, and the log keeps no more personal data than that.
 */
export const ACCESS_LOG_FIELDS: Record<string, string> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sub: '$context.authorizer.claims.sub',
  clientId: '$context.authorizer.claims.client_id',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

export interface GraphqlApiProps {
  readonly stage: string;
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  /** Webhook secrets are sealed under it: this Lambda may only generate data keys. */
  readonly webhookSecretsKey: kms.IKey;
  /** The project's event bus, where the API publishes domain events. */
  readonly eventBus: events.IEventBus;
  /** Absolute path of the handler file. */
  readonly entry: string;
  /** Token issuer (the user pool URL), JWKS location and the accepted app clients. */
  readonly auth: { readonly issuer: string; readonly jwksUrl: string; readonly clientIds: readonly string[] };
  /** Any one of them admits a token at the gateway (`reconnect/couple:read`...). */
  readonly authorizationScopes: readonly string[];
  /** Account-wide ceiling for the API, before any per-caller limit in the Lambda. */
  readonly throttle: apigw.ThrottleSettings;
  /** Browser origins allowed to call the API (never `*`). */
  readonly corsOrigins: readonly string[];
  readonly reservedConcurrency: number;
  readonly logKey: kms.IKey;
}

/** `POST /graphql` on an HTTP API, authorized by Cognito JWTs, served by one Lambda. */
export class GraphqlApi extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly httpApi: apigw.HttpApi;
  readonly accessLogs: logs.LogGroup;
  /** Full URL of the GraphQL endpoint. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: GraphqlApiProps) {
    super(scope, id);

    this.function = createProjectFunction(this, {
      name: 'graphql',
      entry: props.entry,
      // CPU share grows with memory. At 1024 MB the cold start (parsing a
      // ~1.2 MB bundle, building the schema) and GraphQL execution are
      // CPU-bound and finish fast enough that the bill per request is about
      // the same as at 512 MB, with lower latency.
      memorySize: 1024,
      // A GraphQL request that has not answered in 10 s is stuck, and the
      // caller should get an error while it can still retry.
      timeout: GRAPHQL_TIMEOUT,
      reservedConcurrency: props.reservedConcurrency,
      logKey: props.logKey,
      environment: {
        RECONNECT_STAGE: 'cloud',
        TABLE_NAME: props.table.tableName,
        AUTH_ISSUER: props.auth.issuer,
        AUTH_AUDIENCE: props.auth.clientIds.join(','),
        AUTH_JWKS_URL: props.auth.jwksUrl,
        // The schema is public in contract/; keeping introspection off in the
        // cloud removes a free map for anyone probing the endpoint.
        GRAPHQL_INTROSPECTION: 'false',
        // Per caller, on top of the stage throttling (functions/shared/rate-limit/rate-limiter.ts).
        RATE_LIMIT_PER_MINUTE: String(DEFAULT_RATE_LIMIT_PER_MINUTE),
        // Where the API publishes domain events (it may PutEvents there and nowhere else).
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        // createWebhook seals the new signing secret under this key.
        WEBHOOK_SECRETS_KEY_ID: props.webhookSecretsKey.keyArn,
      },
    });

    grantTableAccess(this.function, props.table, props.tableKey, GRAPHQL_TABLE_ACCESS);
    props.eventBus.grantPutEventsTo(this.function);
    // Seal only: a data key for a webhook secret, never Decrypt (only the webhook Lambdas open secrets).
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [props.webhookSecretsKey.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': WEBHOOK_SECRET_PURPOSE } },
      }),
    );

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `reconnect-${props.stage}`,
      description: 'Reconnect GraphQL API',
      // The default stage is created below with throttling and access logs;
      // HttpApi's own default stage cannot take either.
      createDefaultStage: false,
      // Browsers of the allowed dashboards only. The gateway answers the
      // preflight itself (OPTIONS never reaches the authorizer or the Lambda).
      corsPreflight: {
        allowOrigins: props.corsOrigins.map(validateOrigin),
        allowMethods: [apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'idempotency-key'],
        exposeHeaders: ['retry-after', 'idempotent-replayed'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      // Who called what and when, kept a year for audits and investigations.
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.logKey,
    });
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // The gateway rejects unsigned, expired or foreign tokens, and tokens with
    // none of the API's scopes (an ID token, an openid-only token), before any
    // Lambda runs (and bills). The Lambda still verifies the token itself and
    // checks the scope each operation needs.
    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', props.auth.issuer, {
      jwtAudience: [...props.auth.clientIds],
    });

    this.httpApi.addRoutes({
      path: '/graphql',
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('GraphqlIntegration', this.function),
      authorizer,
      authorizationScopes: [...props.authorizationScopes],
    });

    this.url = `${stage.url}graphql`;
  }
}
