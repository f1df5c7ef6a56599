import * as path from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import { RESOURCE_SERVER_ID } from '../functions/shared/auth/scopes';
import { SWEEP_INTERVAL_MINUTES } from '../functions/reminders/sweep';
import { ERASURE_SWEEP_INTERVAL_MINUTES } from '../functions/privacy/erasure-sweep';
import { LAMBDA_ENTRIES } from './bundling';
import { Auth, API_SCOPES } from './constructs/auth';
import { Backups } from './constructs/backups';
import { DataTable } from './constructs/data-table';
import { ErasureSweep } from './constructs/erasure-sweep';
import { EventsAndWebhooks } from './constructs/events-and-webhooks';
import { GRAPHQL_TIMEOUT, GraphqlApi } from './constructs/graphql-api';
import { Keys } from './constructs/keys';
import { Monitoring } from './constructs/monitoring';
import { ReminderSweep } from './constructs/reminder-sweep';
import { DEFAULT_RESERVED_CONCURRENCY, type IntegratorConfig, type ReservedConcurrency } from './stage-config';

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * Account-wide ceiling on the default stage. It protects the table and the
 * bill from a runaway client; fairness between callers (RATE_LIMITED) is the
 * Lambda's job on top of it.
 */
export const DEFAULT_THROTTLE: ThrottleSettings = { burstLimit: 100, rateLimit: 50 };

export interface ReconnectStackProps extends StackProps {
  /** Part of every physical name, so two stages can live in one account. Default `dev`. */
  readonly stage?: string;
  /** App clients (default: one `web` client with every scope, for local development). */
  readonly integrators?: readonly IntegratorConfig[];
  /** Browser origins allowed by CORS (default http://localhost:3000). Never `*`. */
  readonly corsOrigins?: readonly string[];
  readonly reservedConcurrency?: ReservedConcurrency;
  readonly alarmEmail?: string;
  readonly selfSignUpEnabled?: boolean;
  readonly authDomainPrefix?: string;
  /**
   * Handler of the GraphQL Lambda; defaults to `functions/graphql/handler.ts`.
   * Only a tool that synthesizes the stack against another handler needs this.
   */
  readonly graphqlEntry?: string;
  readonly throttle?: ThrottleSettings;
}

const DEV_INTEGRATORS: readonly IntegratorConfig[] = [
  { name: 'web', scopes: API_SCOPES, callbackUrls: ['http://localhost:3000/callback'] },
];

export class ReconnectStack extends Stack {
  constructor(scope: Construct, id: string, props: ReconnectStackProps = {}) {
    super(scope, id, props);
    const stage = props.stage ?? 'dev';
    const reserved = props.reservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY;

    const keys = new Keys(this, 'Keys', { stage });
    const data = new DataTable(this, 'Data', { encryptionKey: keys.data });
    new Backups(this, 'Backups', { stage, table: data.table, key: keys.data });

    const auth = new Auth(this, 'Auth', {
      stage,
      integrators: props.integrators ?? DEV_INTEGRATORS,
      selfSignUpEnabled: props.selfSignUpEnabled,
      domainPrefix: props.authDomainPrefix,
    });

    const eventsAndWebhooks = new EventsAndWebhooks(this, 'Events', {
      table: data.table,
      tableKey: keys.data,
      webhookSecretsKey: keys.webhookSecrets,
      logKey: keys.operations,
      eventBusName: `reconnect-${stage}-events`,
      reservedConcurrency: { dispatch: reserved.webhookDispatch, retry: reserved.webhookRetry },
      entries: {
        dispatch: path.join(REPO_ROOT, LAMBDA_ENTRIES.webhookDispatch),
        retry: path.join(REPO_ROOT, LAMBDA_ENTRIES.webhookRetry),
      },
    });

    const sweep = new ReminderSweep(this, 'Reminders', {
      table: data.table,
      tableKey: keys.data,
      logKey: keys.operations,
      reservedConcurrency: reserved.reminderSweep,
      eventBus: eventsAndWebhooks.bus,
      entry: path.join(REPO_ROOT, LAMBDA_ENTRIES.reminderSweep),
    });

    const erasureSweep = new ErasureSweep(this, 'Erasures', {
      table: data.table,
      tableKey: keys.data,
      logKey: keys.operations,
      reservedConcurrency: reserved.erasureSweep,
      eventBus: eventsAndWebhooks.bus,
      userPool: auth.userPool,
      entry: path.join(REPO_ROOT, LAMBDA_ENTRIES.erasureSweep),
    });

    const api = new GraphqlApi(this, 'Graphql', {
      stage,
      table: data.table,
      tableKey: keys.data,
      webhookSecretsKey: keys.webhookSecrets,
      logKey: keys.operations,
      eventBus: eventsAndWebhooks.bus,
      entry: props.graphqlEntry ?? path.join(REPO_ROOT, LAMBDA_ENTRIES.graphql),
      auth: {
        issuer: auth.issuer,
        jwksUrl: auth.jwksUrl,
        clientIds: [...auth.clients.values()].map((client) => client.userPoolClientId),
      },
      authorizationScopes: API_SCOPES.map((scope) => `${RESOURCE_SERVER_ID}/${scope}`),
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      corsOrigins: props.corsOrigins ?? ['http://localhost:3000'],
      reservedConcurrency: reserved.graphql,
    });

    const monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      key: keys.operations,
      alarmEmail: props.alarmEmail,
      functions: [
        { name: 'Graphql', function: api.function },
        { name: 'WebhookDispatch', function: eventsAndWebhooks.dispatchFunction },
        { name: 'WebhookRetry', function: eventsAndWebhooks.retryFunction },
        { name: 'ReminderSweep', function: sweep.function },
        { name: 'ErasureSweep', function: erasureSweep.function },
      ],
      graphql: { function: api.function, timeout: GRAPHQL_TIMEOUT },
      httpApi: api.httpApi,
      table: data.table,
      retryQueue: eventsAndWebhooks.retryQueue,
      rules: [
        ...eventsAndWebhooks.rules.map(({ name, rule }) => ({ name, rule, busName: eventsAndWebhooks.bus.eventBusName })),
        { name: 'ReminderSchedule', rule: sweep.rule },
        { name: 'ErasureSchedule', rule: erasureSweep.rule },
      ],
      sweep: { function: sweep.function, intervalMinutes: SWEEP_INTERVAL_MINUTES },
      erasureSweep: { function: erasureSweep.function, intervalMinutes: ERASURE_SWEEP_INTERVAL_MINUTES },
    });
    // Last, so that it reaches every alarm of every construct above.
    monitoring.notifyAllAlarms(this);

    new CfnOutput(this, 'GraphqlUrl', { value: api.url, description: 'POST GraphQL requests here' });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    for (const [name, client] of auth.clients) {
      new CfnOutput(this, `ClientId-${name}`, { value: client.userPoolClientId, description: `App client of integrator ${name}` });
    }
    new CfnOutput(this, 'AuthDomainUrl', {
      value: auth.domain.baseUrl(),
      description: 'Hosted sign-in; /oauth2/authorize and /oauth2/token live here',
    });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: eventsAndWebhooks.bus.eventBusName });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
  }
}
