import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { ReconnectStack, type ReconnectStackProps } from '../../infra/reconnect-stack';

/** A resource of the synthesized template. */
export type Resource = { Type: string; Properties: Record<string, any> };

/** An IAM policy statement as synthesized. */
export type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/**
 * The stack synthesized as the CLI would (cdk.json's feature flags) with
 * bundling skipped (`aws:cdk:bundling-stacks`), so it takes seconds and no
 * esbuild, plus lookups by logical-id prefix that the template tests share.
 */
export function synthesizeStack(props: ReconnectStackProps = {}) {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const template = Template.fromStack(new ReconnectStack(app, 'Test', props));
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
