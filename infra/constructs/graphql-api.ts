import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../../functions/shared/config';
import { createProjectFunction } from './project-function';

export interface GraphqlApiProps {
  readonly table: dynamodb.ITable;
  /** The project's event bus, where the API publishes domain events. */
  readonly eventBus: events.IEventBus;
  /** Absolute path of the handler file. */
  readonly entry: string;
  /** Token issuer (the user pool URL), JWKS location and the accepted app client. */
  readonly auth: { readonly issuer: string; readonly jwksUrl: string; readonly clientId: string };
  /** Account-wide ceiling for the API, before any per-caller limit in the Lambda. */
  readonly throttle: apigw.ThrottleSettings;
}

/** `POST /graphql` on an HTTP API, authorized by Cognito JWTs, served by one Lambda. */
export class GraphqlApi extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly httpApi: apigw.HttpApi;
  /** Full URL of the GraphQL endpoint. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: GraphqlApiProps) {
    super(scope, id);

    this.function = createProjectFunction(this, {
      entry: props.entry,
      // CPU share grows with memory. At 1024 MB the cold start (parsing a
      // ~1.2 MB bundle, building the schema) and GraphQL execution are
      // CPU-bound and finish fast enough that the bill per request is about
      // the same as at 512 MB, with lower latency.
      memorySize: 1024,
      // Well below the HTTP API's 30 s integration limit: a GraphQL request
      // that has not answered in 10 s is stuck, and the caller should get an
      // error while it can still retry.
      timeout: Duration.seconds(10),
      environment: {
        RECONNECT_STAGE: 'cloud',
        TABLE_NAME: props.table.tableName,
        AUTH_ISSUER: props.auth.issuer,
        AUTH_AUDIENCE: props.auth.clientId,
        AUTH_JWKS_URL: props.auth.jwksUrl,
        // The schema is public in contract/; keeping introspection off in the
        // cloud removes a free map for anyone probing the endpoint.
        GRAPHQL_INTROSPECTION: 'false',
        // Per caller, on top of the stage throttling (functions/shared/rate-limit/rate-limiter.ts).
        RATE_LIMIT_PER_MINUTE: String(DEFAULT_RATE_LIMIT_PER_MINUTE),
        // Where the API publishes domain events (it may PutEvents there and nowhere else).
        EVENT_BUS_NAME: props.eventBus.eventBusName,
      },
    });

    // Items of the one table and its indexes, and PutEvents on the project's bus: nothing else.
    props.table.grantReadWriteData(this.function);
    props.eventBus.grantPutEventsTo(this.function);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Reconnect GraphQL API',
      // The default stage is created below with throttling; HttpApi's own
      // default stage cannot take any.
      createDefaultStage: false,
    });
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
    });

    // The gateway rejects unsigned, expired or foreign tokens before any
    // Lambda runs (and bills). The Lambda still verifies the token itself and
    // checks scopes per operation, which is why no scope is required here.
    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', props.auth.issuer, {
      jwtAudience: [props.auth.clientId],
    });

    this.httpApi.addRoutes({
      path: '/graphql',
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('GraphqlIntegration', this.function),
      authorizer,
    });

    this.url = `${stage.url}graphql`;
  }
}
