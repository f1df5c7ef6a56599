import { App } from 'aws-cdk-lib';
import { ReconnectStack } from './reconnect-stack';

const app = new App();

/** `-c key=a,b` on the command line gives a string; cdk.json can give an array. */
function listContext(key: string): string[] | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

function booleanContext(key: string): boolean | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined ? undefined : value === true || value === 'true';
}

new ReconnectStack(app, 'Reconnect', {
  description: 'Reconnect: GraphQL API for couples (HTTP API, Lambda, DynamoDB, Cognito)',
  // Environment-agnostic unless the CLI knows the account: `cdk synth` must
  // work offline without credentials.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  callbackUrls: listContext('callbackUrls'),
  selfSignUpEnabled: booleanContext('selfSignUp'),
  authDomainPrefix: app.node.tryGetContext('authDomainPrefix') as string | undefined,
});
