import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { EVENT_RULES } from '../../functions/shared/events/rules';
import { synthesizeStack } from '../support/cdk-template';

type Stack = ReturnType<typeof synthesizeStack>;

/**
 * The synthesized stack's event bus, rules, webhook Lambdas, queues, alarms
 * and permissions. Bundling is skipped (`aws:cdk:bundling-stacks`), so this
 * runs in seconds without esbuild.
 */
describe('stack: events and webhooks', () => {
  let template: Template;
  let resources: Stack['resources'];
  let ofType: Stack['ofType'];
  let logicalId: Stack['logicalId'];
  let statementsOf: Stack['statementsOf'];
  let actionsOf: Stack['actionsOf'];

  beforeAll(() => {
    ({ template, resources, ofType, logicalId, statementsOf, actionsOf } = synthesizeStack());
  });

  /** The function with this env var (TABLE_NAME is everywhere; the others tell them apart). */
  const functionIds = () => ({
    graphql: logicalId('AWS::Lambda::Function', 'GraphqlFunction'),
    dispatch: logicalId('AWS::Lambda::Function', 'EventsDispatchFunction'),
    retry: logicalId('AWS::Lambda::Function', 'EventsRetryFunction'),
  });

  it('has the project bus, named reconnect-events', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'reconnect-events' });
    template.resourceCountIs('AWS::Events::EventBus', 1);
  });

  it('has one rule per shared rule, with exactly its event pattern, on the project bus, targeting the dispatcher', () => {
    const busId = logicalId('AWS::Events::EventBus', 'EventsBus');
    const { dispatch } = functionIds();
    const dlq = logicalId('AWS::SQS::Queue', 'EventsEventsDlq');
    // (the reminder sweep's schedule rule lives on the default bus; tests/infra/reminder-sweep.test.ts)
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.EventBusName !== undefined);
    expect(rules).toHaveLength(EVENT_RULES.length);
    for (const rule of EVENT_RULES) {
      const [, found] = rules.find(([id]) => id.startsWith(`Events${rule.name}`)) ?? [];
      expect(found?.Properties.EventPattern).toEqual(rule.pattern);
      expect(found?.Properties.EventBusName).toEqual({ Ref: busId });
      expect(found?.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [dispatch, 'Arn'] },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
        }),
      ]);
    }
  });

  it('has the retry queue with its DLQ after 5 receives, and the events DLQ, all encrypted', () => {
    const retryDlq = logicalId('AWS::SQS::Queue', 'EventsWebhookRetriesDlq');
    const retries = ofType('AWS::SQS::Queue').find(([id]) => /^EventsWebhookRetries[0-9A-F]{8}$/.test(id));
    expect(retries?.[1].Properties).toMatchObject({
      VisibilityTimeout: 180,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [retryDlq, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(ofType('AWS::SQS::Queue').filter(([id]) => id.startsWith('Events'))).toHaveLength(3);
    for (const [, queue] of ofType('AWS::SQS::Queue')) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('alarms on every DLQ as soon as it holds a message', () => {
    const dlqs = [logicalId('AWS::SQS::Queue', 'EventsEventsDlq'), logicalId('AWS::SQS::Queue', 'EventsWebhookRetriesDlq')];
    const alarms = ofType('AWS::CloudWatch::Alarm')
      .filter(([id]) => id.startsWith('Events'))
      .map(([, a]) => a.Properties);
    expect(alarms).toHaveLength(2);
    for (const dlq of dlqs) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Namespace: 'AWS/SQS',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          EvaluationPeriods: 1,
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        }),
      );
    }
  });

  it('runs the dispatcher and the retry consumer with the same bundling as the GraphQL Lambda', () => {
    const { graphql, dispatch, retry } = functionIds();
    const queue = ofType('AWS::SQS::Queue').find(([id]) => /^EventsWebhookRetries[0-9A-F]{8}$/.test(id))![0];
    for (const id of [dispatch, retry]) {
      expect(resources[id]!.Properties).toMatchObject({
        Runtime: resources[graphql]!.Properties.Runtime,
        Architectures: resources[graphql]!.Properties.Architectures,
        Handler: resources[graphql]!.Properties.Handler,
        Timeout: 30,
        Environment: {
          Variables: expect.objectContaining({
            RECONNECT_STAGE: 'cloud',
            RETRY_QUEUE_URL: { Ref: queue },
            TABLE_NAME: expect.anything(),
          }),
        },
      });
    }
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: retry },
      EventSourceArn: { 'Fn::GetAtt': [queue, 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: dispatch },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'EventsEventsDlq'), 'Arn'] } } },
    });
  });

  it('lets the GraphQL Lambda put events on the project bus only, and tells it the bus name', () => {
    const { graphql } = functionIds();
    const busId = logicalId('AWS::Events::EventBus', 'EventsBus');
    const putEvents = statementsOf(graphql).filter((s) => [s.Action].flat().includes('events:PutEvents'));
    expect(putEvents).toEqual([
      expect.objectContaining({ Action: 'events:PutEvents', Effect: 'Allow', Resource: { 'Fn::GetAtt': [busId, 'Arn'] } }),
    ]);
    expect(resources[graphql]!.Properties.Environment.Variables.EVENT_BUS_NAME).toEqual({ Ref: busId });
  });

  it('gives the webhook Lambdas the table and the retry queue, and nothing else', () => {
    const { dispatch, retry } = functionIds();
    const allowedForBoth = [/^dynamodb:/, /^sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$/];
    const consume = /^sqs:(ReceiveMessage|ChangeMessageVisibility|DeleteMessage)$/;
    for (const action of actionsOf(dispatch)) expect(allowedForBoth.some((re) => re.test(action))).toBe(true);
    for (const action of actionsOf(retry)) expect([...allowedForBoth, consume].some((re) => re.test(action))).toBe(true);
    expect([...actionsOf(retry)]).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']));
    expect(actionsOf(dispatch).has('sqs:ReceiveMessage')).toBe(false);
    for (const id of [dispatch, retry]) expect(actionsOf(id).has('events:PutEvents')).toBe(false);
    // ...and only on the table (and its indexes), the retry queue and, for the dispatcher's failures, the events DLQ.
    const table = logicalId('AWS::DynamoDB::Table', 'DataTable');
    const allowed = new Set([
      table,
      logicalId('AWS::SQS::Queue', 'EventsEventsDlq'),
      ofType('AWS::SQS::Queue').find(([id]) => /^EventsWebhookRetries[0-9A-F]{8}$/.test(id))![0],
    ]);
    for (const id of [dispatch, retry]) {
      const referenced = JSON.stringify(statementsOf(id).map((st) => st.Resource)).match(/"(Data|Events)[A-Za-z0-9]+"/g) ?? [];
      for (const ref of referenced) expect(allowed).toContain(JSON.parse(ref));
    }
  });

  it('uses no wildcard action anywhere', () => {
    const actions = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) => [s.Action].flat()),
    );
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).not.toMatch(/\*/);
    template.hasOutput('EventBusName', { Value: Match.anyValue() });
  });
});
