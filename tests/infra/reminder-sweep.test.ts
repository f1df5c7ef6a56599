import type { Template } from 'aws-cdk-lib/assertions';
import { synthesizeStack } from '../support/cdk-template';

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

  it('invokes the sweep every 15 minutes from a scheduled rule, with retries and the DLQ', () => {
    const { fn, rule, dlq } = ids();
    expect(resources[rule]!.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [fn, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 900 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
        },
      ],
    });
    // Scheduled rules run on the default bus, not on the project's.
    expect(resources[rule]!.Properties.EventBusName).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] },
    });
  });

  it('retries a failed run twice, then sends it to the same DLQ', () => {
    const { fn, dlq } = ids();
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 900,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
    });
  });

  it('runs the sweep handler with the project bundling, a 5-minute timeout, the table and the bus', () => {
    const { fn, graphql, table, bus } = ids();
    expect(resources[fn]!.Properties).toMatchObject({
      Runtime: resources[graphql]!.Properties.Runtime,
      Architectures: resources[graphql]!.Properties.Architectures,
      Handler: resources[graphql]!.Properties.Handler,
      Timeout: 300,
      Environment: { Variables: { RECONNECT_STAGE: 'cloud', TABLE_NAME: { Ref: table }, EVENT_BUS_NAME: { Ref: bus } } },
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
    const tableArn = { 'Fn::GetAtt': [table, 'Arn'] };
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
    const all = statementsOf(fn);
    const actions = all.flatMap((s) => [s.Action].flat());

    for (const action of actions) expect(action).not.toMatch(/\*/);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(all.every((s) => s.Effect === 'Allow')).toBe(true);
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
    // Every statement reaches only the table, those two indexes, the bus or the DLQ.
    const allowed = [tableArn, indexArn('byDue'), indexArn('gsi1'), { 'Fn::GetAtt': [bus, 'Arn'] }, { 'Fn::GetAtt': [dlq, 'Arn'] }];
    for (const resource of all.flatMap((s) => [s.Resource].flat())) expect(allowed).toContainEqual(resource);
    for (const statement of all.filter((s) => [s.Action].flat().includes('events:PutEvents'))) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [bus, 'Arn'] });
    }
    for (const statement of all.filter((s) => JSON.stringify(s.Resource).includes(dlq))) {
      expect([statement.Action].flat().every((a) => /^sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$/.test(a))).toBe(true);
    }
  });
});
