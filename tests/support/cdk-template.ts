import fs from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { ReconnectStack, type ReconnectStackProps } from '../../infra/reconnect-stack';
import { HARNESS_ENV, harnessEnv } from './harness-env';

/** A resource of the synthesized template. */
export type Resource = { Type: string; Properties: Record<string, any> };

/** An IAM policy statement as synthesized. */
export type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/**
 * An App as the CLI builds it (cdk.json's feature flags) with bundling
 * skipped. Its cloud assembly goes to the run's scratch folder, which
 * globalTeardown removes: by default CDK leaves a `cdk.outXXXXXX` in the
 * system temp folder for every App, and the suite builds dozens per run.
 */
export function testApp(): App {
  const outdir = fs.mkdtempSync(path.join(harnessEnv(HARNESS_ENV.scratchDir), 'cdk.out-'));
  return new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
}

/**
 * The stack synthesized as the CLI would (cdk.json's feature flags) with
 * bundling skipped (`aws:cdk:bundling-stacks`), so it takes seconds and no
 * esbuild, plus lookups by logical-id prefix that the template tests share.
 */
export function synthesizeStack(props: ReconnectStackProps = {}) {
  const template = Template.fromStack(new ReconnectStack(testApp(), 'Test', props));
  const resources = template.toJSON().Resources as Record<string, Resource>;

  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  /** The one resource of `type` whose logical id starts with `prefix` (fails the test otherwise). */
  const logicalId = (type: string, prefix: string): string => {
    const found = ofType(type).filter(([id]) => id.startsWith(prefix));
    if (found.length !== 1) throw new Error(`Expected one ${type} starting with ${prefix}, found ${found.length}`);
    return found[0]![0];
  };
  /** Every statement of the inline policies attached to the role of `functionId`. */
  const statementsOf = (functionId: string): Statement[] => {
    const roleId = resources[functionId]!.Properties.Role['Fn::GetAtt'][0];
    return ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const actionsOf = (functionId: string) => new Set(statementsOf(functionId).flatMap((s) => [s.Action].flat()));
  return { template, resources, ofType, logicalId, statementsOf, actionsOf };
}

/** The ARN of the table `tableId` and of one of its indexes, as the synthesized policies spell them. */
export function tableArns(tableId: string) {
  const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
  return { tableArn, indexArn: (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] }) };
}

/**
 * The least-privilege check of a function's role: only Allow, no wildcard
 * action, no Scan, nothing reached beyond `allowed` resources, and `*` only
 * for X-Ray (which has no resource-level permissions).
 */
export function expectLeastPrivilege(statements: readonly Statement[], allowed: readonly unknown[]): void {
  const actions = statements.flatMap((s) => [s.Action].flat());
  for (const action of actions) expect(action).not.toMatch(/\*/);
  expect(actions).not.toContain('dynamodb:Scan');
  expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  for (const statement of statements.filter((s) => s.Resource === '*')) {
    expect([statement.Action].flat().sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  }
  for (const resource of statements.filter((s) => s.Resource !== '*').flatMap((s) => [s.Resource].flat())) {
    expect(allowed).toContainEqual(resource);
  }
}

/**
 * Asserts the schedule of a sweep (infra/constructs/scheduled-sweep.ts): a
 * `rate(15 minutes)` rule on the default bus that may invoke the function,
 * retrying for one interval into the DLQ, and Lambda's own two retries of a
 * failed run into the same DLQ.
 */
export function expectFifteenMinuteSchedule(
  stack: Pick<ReturnType<typeof synthesizeStack>, 'template' | 'resources'>,
  ids: { fn: string; rule: string; dlq: string },
): void {
  const { fn, rule, dlq } = ids;
  expect(stack.resources[rule]!.Properties).toMatchObject({
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
  expect(stack.resources[rule]!.Properties.EventBusName).toBeUndefined();
  stack.template.hasResourceProperties('AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
    Principal: 'events.amazonaws.com',
    SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] },
  });
  stack.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
    FunctionName: { Ref: fn },
    MaximumRetryAttempts: 2,
    MaximumEventAgeInSeconds: 900,
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
  });
}
