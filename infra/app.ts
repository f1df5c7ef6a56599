import { App } from 'aws-cdk-lib';
import { addCompliancePacks } from './compliance';
import { ReconnectStack } from './reconnect-stack';
import { readStageConfig } from './stage-config';

const app = new App();
// Throws with the key to set when the region, stage, CORS origins or integrators are missing or unsafe.
const config = readStageConfig((key) => app.node.tryGetContext(key));

new ReconnectStack(app, `Reconnect-${config.stage}`, {
  stackName: `reconnect-${config.stage}`,
  description: `Reconnect (${config.stage}): GraphQL API for couples (HTTP API, Lambda, DynamoDB, Cognito)`,
  // The region is explicit (cdk.json or -c region=...); the account comes from
  // the credentials when there are any, so `cdk synth` still works offline.
  env: { account: config.account, region: config.region },
  stage: config.stage,
  integrators: config.integrators,
  corsOrigins: config.corsOrigins,
  reservedConcurrency: config.reservedConcurrency,
  alarmEmail: config.alarmEmail,
  selfSignUpEnabled: config.selfSignUpEnabled,
  authDomainPrefix: config.authDomainPrefix,
  tags: { project: 'reconnect', stage: config.stage },
});

// cdk-nag: synth fails on any finding that is neither fixed nor acknowledged in code.
addCompliancePacks(app);
