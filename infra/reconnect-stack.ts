import * as path from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import { LAMBDA_ENTRIES } from './bundling';
import { Auth } from './constructs/auth';
import { DataTable } from './constructs/data-table';
import { EventsAndWebhooks } from './constructs/events-and-webhooks';
import { GraphqlApi } from './constructs/graphql-api';
import { ReminderSweep } from './constructs/reminder-sweep';

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * Account-wide ceiling on the default stage. It protects the table and the
 * bill from a runaway client; fairness between callers (RATE_LIMITED) is the
 * Lambda's job on top of it.
 */
export const DEFAULT_THROTTLE: ThrottleSettings = { burstLimit: 100, rateLimit: 50 };

export interface ReconnectStackProps extends StackProps {
  /** OAuth redirect URLs of the app client. */
  readonly callbackUrls?: string[];
  readonly selfSignUpEnabled?: boolean;
  readonly authDomainPrefix?: string;
  /**
   * Handler of the GraphQL Lambda; defaults to `functions/graphql/handler.ts`.
   * Only a tool that synthesizes the stack against another handler needs this.
   */
  readonly graphqlEntry?: string;
  readonly throttle?: ThrottleSettings;
}

export class ReconnectStack extends Stack {
  constructor(scope: Construct, id: string, props: ReconnectStackProps = {}) {
    super(scope, id, props);

    const data = new DataTable(this, 'Data');

    const auth = new Auth(this, 'Auth', {
      callbackUrls: props.callbackUrls ?? ['http://localhost:3000/callback'],
      selfSignUpEnabled: props.selfSignUpEnabled,
      domainPrefix: props.authDomainPrefix,
    });

    const eventsAndWebhooks = new EventsAndWebhooks(this, 'Events', {
      table: data.table,
      entries: {
        dispatch: path.join(REPO_ROOT, LAMBDA_ENTRIES.webhookDispatch),
        retry: path.join(REPO_ROOT, LAMBDA_ENTRIES.webhookRetry),
      },
    });

    new ReminderSweep(this, 'Reminders', {
      table: data.table,
      eventBus: eventsAndWebhooks.bus,
      entry: path.join(REPO_ROOT, LAMBDA_ENTRIES.reminderSweep),
    });

    const api = new GraphqlApi(this, 'Graphql', {
      table: data.table,
      eventBus: eventsAndWebhooks.bus,
      entry: props.graphqlEntry ?? path.join(REPO_ROOT, LAMBDA_ENTRIES.graphql),
      auth: { issuer: auth.issuer, jwksUrl: auth.jwksUrl, clientId: auth.client.userPoolClientId },
      throttle: props.throttle ?? DEFAULT_THROTTLE,
    });

    new CfnOutput(this, 'GraphqlUrl', { value: api.url, description: 'POST GraphQL requests here' });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'AuthDomainUrl', {
      value: auth.domain.baseUrl(),
      description: 'Hosted sign-in; /oauth2/authorize and /oauth2/token live here',
    });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: eventsAndWebhooks.bus.eventBusName });
  }
}
