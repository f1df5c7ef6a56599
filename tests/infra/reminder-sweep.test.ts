import type { Template } from 'aws-cdk-lib/assertions';
import { expectFifteenMinuteSchedule, expectLeastPrivilege, synthesizeStack, tableArns } from '../support/cdk-template';

type Stack = ReturnType<typeof synthesizeStack>;

/**
 * The reminder sweep in the synthesized stack: its schedule rule, the
 * function, retries, DLQ, alarm and permissions.
 */
describe('stack: reminder sweep', () => {
  let template: Template;
  let resources: Stack['resources'];
  let logicalId: Stack['logicalId'];
  let statementsOf: Stack['statementsOf'];

  beforeAll(() => {
    ({ template, resources, logicalId, statementsOf } = synthesizeStack());
  });

  const ids = () => ({
    fn: logicalId('AWS::Lambda::Function', 'RemindersFunction'),
    rule: logicalId('AWS::Events::Rule', 'RemindersSchedule'),
    dlq: logicalId('AWS::SQS::Queue', 'RemindersDlq'),
    table: logicalId('AWS::DynamoDB::Table', 'DataTable'),
    bus: logicalId('AWS::Events::EventBus', 'EventsBus'),
    graphql: logicalId('AWS::Lambda::Function', 'GraphqlFunction'),
  });

  it('invokes the sweep every 15 minutes from a scheduled rule; retries a failed run twice, then into the DLQ', () => {
    expectFifteenMinuteSchedule({ template, resources }, ids());
  });

  it('runs the sweep handler with the project bundling, a 5-minute timeout, the table and the bus', () => {
    const { fn, graphql, table, bus } = ids();
    expect(resources[fn]!.Properties).toMatchObject({
      Runtime: resources[graphql]!.Properties.Runtime,
      Architectures: resources[graphql]!.Properties.Architectures,
      Handler: resources[graphql]!.Properties.Handler,
      Timeout: 300,
      Environment: {
        Variables: { RECONNECT_STAGE: 'cloud', TABLE_NAME: { Ref: table }, EVENT_BUS_NAME: { Ref: bus }, DUE_INDEX_SHARDS: '8' },
      },
    });
  });

  it('keeps the DLQ encrypted for 14 days and alarms as soon as it holds a message', () => {
    const { dlq } = ids();
    expect(resources[dlq]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    const alarm = logicalId('AWS::CloudWatch::Alarm', 'RemindersDlqAlarm');
    expect(resources[alarm]!.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
    });
  });

  it('grants least privilege: item actions on the table, Query on byDue and gsi1, PutEvents on the bus, its DLQ; no Scan, no wildcard action', () => {
    const { fn, table, bus, dlq } = ids();
    const { tableArn, indexArn } = tableArns(table);
    const all = statementsOf(fn);
    expect(all).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [bus, 'Arn'] } },
        { Effect: 'Allow', Action: 'dynamodb:Query', Resource: [indexArn('byDue'), indexArn('gsi1')] },
        {
          Effect: 'Allow',
          Action: expect.arrayContaining([
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:ConditionCheckItem',
            'dynamodb:BatchWriteItem',
          ]),
          Resource: tableArn,
        },
      ]),
    );
    // Every statement reaches only the table (and its key), those two indexes, the bus, the DLQ,
    // its own log group, and X-Ray (which has no resource-level permissions).
    const allowed = [
      tableArn,
      indexArn('byDue'),
      indexArn('gsi1'),
      { 'Fn::GetAtt': [bus, 'Arn'] },
      { 'Fn::GetAtt': [dlq, 'Arn'] },
      { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'KeysDataKey'), 'Arn'] },
      { 'Fn::GetAtt': [logicalId('AWS::Logs::LogGroup', 'RemindersLogs'), 'Arn'] },
    ];
    expectLeastPrivilege(all, allowed);
    for (const statement of all.filter((s) => [s.Action].flat().includes('events:PutEvents'))) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [bus, 'Arn'] });
    }
    for (const statement of all.filter((s) => JSON.stringify(s.Resource).includes(dlq))) {
      expect([statement.Action].flat().every((a) => /^sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$/.test(a))).toBe(true);
    }
  });
});
