import type { Template } from 'aws-cdk-lib/assertions';
import { DELETE_USER_ACTION } from '../../infra/constructs/erasure-sweep';
import { DEFAULT_RESERVED_CONCURRENCY } from '../../infra/stage-config';
import { expectFifteenMinuteSchedule, expectLeastPrivilege, synthesizeStack, tableArns } from '../support/cdk-template';

type Stack = ReturnType<typeof synthesizeStack>;

/**
 * The erasure sweep in the synthesized stack: its schedule, the function,
 * retries, DLQ and alarms, and its permissions, above all the one Cognito
 * grant of the stack (AdminDeleteUser on the pool, this function only).
 */
describe('stack: erasure sweep', () => {
  let template: Template;
  let resources: Stack['resources'];
  let logicalId: Stack['logicalId'];
  let statementsOf: Stack['statementsOf'];
  let ofType: Stack['ofType'];

  beforeAll(() => {
    ({ template, resources, logicalId, statementsOf, ofType } = synthesizeStack());
  });

  const ids = () => ({
    fn: logicalId('AWS::Lambda::Function', 'ErasuresFunction'),
    rule: logicalId('AWS::Events::Rule', 'ErasuresSchedule'),
    dlq: logicalId('AWS::SQS::Queue', 'ErasuresDlq'),
    table: logicalId('AWS::DynamoDB::Table', 'DataTable'),
    bus: logicalId('AWS::Events::EventBus', 'EventsBus'),
    pool: logicalId('AWS::Cognito::UserPool', 'AuthUserPool'),
    graphql: logicalId('AWS::Lambda::Function', 'GraphqlFunction'),
  });

  it('invokes the erasure sweep every 15 minutes from a scheduled rule; retries a failed run twice, then into its DLQ', () => {
    expectFifteenMinuteSchedule({ template, resources }, ids());
  });

  it('runs the erasure sweep handler with a 5-minute timeout, one at a time, knowing the table, the bus and the pool', () => {
    const { fn, graphql, table, bus, pool } = ids();
    expect(resources[fn]!.Properties).toMatchObject({
      Runtime: resources[graphql]!.Properties.Runtime,
      Architectures: resources[graphql]!.Properties.Architectures,
      Timeout: 300,
      ReservedConcurrentExecutions: DEFAULT_RESERVED_CONCURRENCY.erasureSweep,
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: { RECONNECT_STAGE: 'cloud', TABLE_NAME: { Ref: table }, EVENT_BUS_NAME: { Ref: bus }, USER_POOL_ID: { Ref: pool } },
      },
    });
    expect(DEFAULT_RESERVED_CONCURRENCY.erasureSweep).toBe(1);
  });

  it('may delete users of the pool (its ARN, nothing wider); no other function may, and nothing may do more in Cognito', () => {
    const { fn, pool } = ids();
    const cognitoStatements = statementsOf(fn).filter((s) => [s.Action].flat().some((a) => a.startsWith('cognito-idp:')));
    expect(cognitoStatements).toEqual([{ Effect: 'Allow', Action: DELETE_USER_ACTION, Resource: { 'Fn::GetAtt': [pool, 'Arn'] } }]);
    for (const [id] of ofType('AWS::Lambda::Function').filter(([id]) => id !== fn)) {
      expect(JSON.stringify(statementsOf(id))).not.toContain('cognito-idp');
    }
    // Nor does any policy of the stack name a Cognito action outside that one statement.
    const everyStatement = ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: unknown }[]);
    const cognitoActions = everyStatement.flatMap((s) => [s.Action].flat() as string[]).filter((a) => a.startsWith('cognito-idp:'));
    expect(cognitoActions).toEqual([DELETE_USER_ACTION]);
  });

  it('grants least privilege on the table: item actions and Query on the table and gsi1/gsi2, PutEvents on the bus; no Scan, no wildcard action', () => {
    const { fn, table, bus, dlq, pool } = ids();
    const { tableArn, indexArn } = tableArns(table);
    const all = statementsOf(fn);
    expect(all).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [bus, 'Arn'] } },
        { Effect: 'Allow', Action: 'dynamodb:Query', Resource: [indexArn('gsi1'), indexArn('gsi2')] },
        {
          Effect: 'Allow',
          Action: expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:DeleteItem']),
          Resource: tableArn,
        },
      ]),
    );
    // Nothing else: the table and its key, two indexes, the bus, the pool, the DLQ, its log group, X-Ray.
    const allowed = [
      tableArn,
      indexArn('gsi1'),
      indexArn('gsi2'),
      { 'Fn::GetAtt': [bus, 'Arn'] },
      { 'Fn::GetAtt': [pool, 'Arn'] },
      { 'Fn::GetAtt': [dlq, 'Arn'] },
      { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'KeysDataKey'), 'Arn'] },
      { 'Fn::GetAtt': [logicalId('AWS::Logs::LogGroup', 'ErasuresLogs'), 'Arn'] },
    ];
    expectLeastPrivilege(all, allowed);
    // It never opens or seals webhook secrets.
    expect(JSON.stringify(all)).not.toContain(logicalId('AWS::KMS::Key', 'KeysWebhookSecrets'));
  });

  it('alarms on its DLQ, its errors and throttles, its rule failing, and 45 minutes without a completed run', () => {
    const { fn, dlq, rule } = ids();
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      }),
    );
    for (const metric of ['Errors', 'Throttles']) {
      expect(alarms).toContainEqual(
        expect.objectContaining({ MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }] }),
      );
    }
    expect(alarms).toContainEqual(
      expect.objectContaining({ MetricName: 'FailedInvocations', Dimensions: [{ Name: 'RuleName', Value: { Ref: rule } }] }),
    );
    const silence = resources[logicalId('AWS::CloudWatch::Alarm', 'MonitoringNoSuccessfulErasureSweep')]!.Properties;
    expect(silence).toMatchObject({ Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
    expect(JSON.stringify(silence.Metrics)).toContain(fn);
  });
});
