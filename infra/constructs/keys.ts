import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The stack's customer-managed KMS keys, one per kind of data, each rotated
 * yearly and retained (deleting a key makes everything encrypted under it
 * unreadable, backups included):
 *
 * - `data`: the table and its backups (everything couples wrote);
 * - `webhookSecrets`: envelope keys of webhook signing secrets (the API may
 *   only generate data keys, the webhook Lambdas only decrypt them);
 * - `operations`: log groups (Lambda logs, API access log) and the alarm topic.
 *
 * Separate keys keep grants narrow: a role that may read logs gains nothing
 * on the table, and the key that opens webhook secrets opens nothing else.
 */
export class Keys extends Construct {
  readonly data: kms.Key;
  readonly webhookSecrets: kms.Key;
  readonly operations: kms.Key;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    const key = (keyId: string, alias: string, description: string) =>
      new kms.Key(this, keyId, {
        alias: `alias/reconnect-${props.stage}/${alias}`,
        description,
        enableKeyRotation: true,
        rotationPeriod: Duration.days(365),
        removalPolicy: RemovalPolicy.RETAIN,
        pendingWindow: Duration.days(30),
      });
    this.data = key('DataKey', 'data', 'Reconnect table and its backups');
    this.webhookSecrets = key('WebhookSecretsKey', 'webhook-secrets', 'Envelope keys of webhook signing secrets');
    this.operations = key('OperationsKey', 'operations', 'Reconnect log groups and alarm notifications');

    // CloudWatch Logs encrypts log groups of this account and region only.
    this.operations.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted topic.
    this.operations.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
