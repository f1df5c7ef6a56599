import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** How long each kind of backup is kept. */
export const BACKUP_RETENTION = { dailyDays: 35, monthlyDays: 365 } as const;

/**
 * AWS Backup for the table, beside its point-in-time recovery (which only
 * reaches back 35 days and lives and dies with the table): a daily backup
 * kept 35 days and a monthly one kept a year, in a vault encrypted with the
 * data key and retained when the stack goes.
 *
 * Erasure and backups: an erased account disappears from backups as they
 * expire (at most a year); restoring a backup must re-run pending erasures
 * (README, Security and privacy).
 */
export class Backups extends Construct {
  readonly plan: backup.BackupPlan;
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: { stage: string; table: dynamodb.ITable; key: kms.IKey }) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `reconnect-${props.stage}`,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `reconnect-${props.stage}`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
          deleteAfter: Duration.days(BACKUP_RETENTION.dailyDays),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '4', minute: '0' }),
          deleteAfter: Duration.days(BACKUP_RETENTION.monthlyDays),
        }),
      ],
    });
    const selection = this.plan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(props.table)] });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "AWS Backup's own service role policy, maintained by AWS as the services it backs up change; the role can only be assumed by backup.amazonaws.com.",
    });
  }
}
