import { ALL_SCOPES } from '../../functions/shared/auth/scopes';
import { EVENT_RULES } from '../../functions/shared/events/rules';
import { WEBHOOK_LAMBDA_PARTITIONS } from '../../functions/webhooks/webhook-partitions';
import { ACCESS_LOG_FIELDS } from '../../infra/constructs/graphql-api';
import { nodejsBundlingOptions, SOURCE_MAP_DIR } from '../../infra/constructs/project-function';
import { ReconnectStack } from '../../infra/reconnect-stack';
import { DEFAULT_RESERVED_CONCURRENCY } from '../../infra/stage-config';
import { synthesizeStack, testApp, type Resource, type Statement } from '../support/cdk-template';

type Stack = ReturnType<typeof synthesizeStack>;

const INTEGRATORS = [
  {
    name: 'couples-app',
    scopes: ['profile', 'couple:read', 'couple:write', 'reflections:read', 'reflections:write'] as const,
    callbackUrls: ['https://app.example.com/cb'],
  },
  { name: 'practice-dashboard', scopes: ['practice:read', 'couple:read'] as const, callbackUrls: ['https://practice.example.com/cb'] },
];

/**
 * Issue 10's hardening, read from the synthesized template: keys, encryption,
 * logs, alarms, backups, IAM, CORS, scopes, app clients, MFA, stages.
 * Bundling is skipped (`aws:cdk:bundling-stacks`).
 */
describe('stack: security and operations', () => {
  let stack: Stack;
  const props = { stage: 'staging', integrators: INTEGRATORS, corsOrigins: ['https://practice.example.com', 'https://app.example.com'] };

  beforeAll(() => {
    stack = synthesizeStack(props);
  }, 300_000);

  const fnId = (prefix: string) => stack.logicalId('AWS::Lambda::Function', prefix);
  const functions = () => ({
    graphql: fnId('GraphqlFunction'),
    dispatch: fnId('EventsDispatchFunction'),
    retry: fnId('EventsRetryFunction'),
    sweep: fnId('RemindersFunction'),
    erasureSweep: fnId('ErasuresFunction'),
  });
  const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
  const allStatements = (): Statement[] =>
    stack.ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);

  describe('encryption at rest', () => {
    it('keeps the table under the customer-managed data key', () => {
      const [, table] = stack.ofType('AWS::DynamoDB::Table')[0]!;
      expect(table.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: arnOf(stack.logicalId('AWS::KMS::Key', 'KeysDataKey')),
      });
    });

    it('rotates every key yearly and retains it', () => {
      const keys = stack.ofType('AWS::KMS::Key');
      expect(keys.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
        'KeysDataKey',
        'KeysOperationsKey',
        'KeysWebhookSecretsKey',
      ]);
      for (const [id] of keys) {
        const key = stack.template.toJSON().Resources[id];
        expect(key.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 365 });
        expect(key.DeletionPolicy).toBe('Retain');
      }
    });

    it('encrypts every log group with the operations key and gives each a retention', () => {
      const key = arnOf(stack.logicalId('AWS::KMS::Key', 'KeysOperationsKey'));
      const groups = stack.ofType('AWS::Logs::LogGroup');
      expect(groups).toHaveLength(6); // five Lambdas and the API access log
      for (const [, group] of groups) {
        expect(group.Properties.KmsKeyId).toEqual(key);
        expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      }
    });

    it('encrypts the alarm topic and lets only TLS through', () => {
      const [[topicId, topic]] = stack.ofType('AWS::SNS::Topic') as [[string, Resource]];
      expect(topic.Properties.KmsMasterKeyId).toEqual(arnOf(stack.logicalId('AWS::KMS::Key', 'KeysOperationsKey')));
      expect(topic.Properties.TopicName).toBe('reconnect-staging-alarms');
      const [, policy] = stack.ofType('AWS::SNS::TopicPolicy')[0]!;
      expect(policy.Properties.Topics).toEqual([{ Ref: topicId }]);
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    });
  });

  describe('webhook signing secrets', () => {
    it('are sealed under their own key: the API may only generate data keys, the webhook Lambdas only decrypt, each for that purpose', () => {
      const keyArn = arnOf(stack.logicalId('AWS::KMS::Key', 'KeysWebhookSecretsKey'));
      const { graphql, dispatch, retry } = functions();
      const onKey = (functionId: string) =>
        stack.statementsOf(functionId).filter((s) => JSON.stringify(s.Resource) === JSON.stringify(keyArn));
      const condition = { StringEquals: { 'kms:EncryptionContext:purpose': 'webhook-signing-secret' } };
      // Exactly the context the sealer uses ({ purpose, webhookId }); no kms:ViaService, since the Lambda calls KMS itself.
      const decryptCondition = {
        ...condition,
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['purpose', 'webhookId'] },
        Null: { 'kms:EncryptionContext:webhookId': 'false' },
      };

      expect(onKey(graphql)).toEqual([{ Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: keyArn, Condition: condition }]);
      for (const id of [dispatch, retry]) {
        expect(onKey(id)).toEqual([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: decryptCondition }]);
      }
      // Nobody else: no other statement of any role names the key.
      const everyUse = allStatements().filter((s) => JSON.stringify(s.Resource).includes(keyArn['Fn::GetAtt'][0]!));
      expect(everyUse).toHaveLength(3);
      for (const id of [graphql, dispatch, retry]) {
        expect(stack.resources[id]!.Properties.Environment.Variables.WEBHOOK_SECRETS_KEY_ID).toEqual(keyArn);
      }
    });
  });

  describe('least privilege', () => {
    it('grants Scan nowhere, no index wildcard, and no AWS managed policy to any Lambda role', () => {
      const actions = allStatements().flatMap((s) => [s.Action].flat());
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
      expect(JSON.stringify(allStatements())).not.toContain('/index/*');
      for (const id of Object.values(functions())) {
        const roleId = stack.resources[id]!.Properties.Role['Fn::GetAtt'][0];
        expect(stack.resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });

    it('lets each Lambda query only the indexes it reads', () => {
      const tableId = stack.logicalId('AWS::DynamoDB::Table', 'DataTable');
      const indexes = (id: string) =>
        stack
          .statementsOf(id)
          .flatMap((s) => [s.Resource].flat())
          .map((r) => JSON.stringify(r).match(new RegExp(`"${tableId}","Arn"\\]\\},"/index/([a-zA-Z0-9]+)"`))?.[1])
          .filter(Boolean)
          .sort();
      const { graphql, dispatch, retry, sweep, erasureSweep } = functions();
      expect(indexes(graphql)).toEqual(['gsi1', 'gsi2']);
      expect(indexes(erasureSweep)).toEqual(['gsi1', 'gsi2']);
      expect(indexes(dispatch)).toEqual(['gsi1']);
      expect(indexes(retry)).toEqual(['gsi1']);
      expect(indexes(sweep)).toEqual(['byDue', 'gsi1']);
    });

    it('restricts the webhook Lambdas to the webhook partitions (dynamodb:LeadingKeys from WEBHOOK_LAMBDA_PARTITIONS)', () => {
      const tableArn = arnOf(stack.logicalId('AWS::DynamoDB::Table', 'DataTable'));
      const onTable = (id: string) => stack.statementsOf(id).filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(tableArn)));
      for (const id of [functions().dispatch, functions().retry]) {
        expect(onTable(id)).toEqual([
          {
            Effect: 'Allow',
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
            Resource: tableArn,
            Condition: {
              'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...WEBHOOK_LAMBDA_PARTITIONS.table] },
              Null: { 'dynamodb:LeadingKeys': 'false' },
            },
          },
          {
            Effect: 'Allow',
            Action: 'dynamodb:Query',
            Resource: { 'Fn::Join': ['', [tableArn, '/index/gsi1']] },
            Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...WEBHOOK_LAMBDA_PARTITIONS.gsi1] } },
          },
        ]);
      }
      // Only the webhook Lambdas are bound to partitions; the others' table statements carry no LeadingKeys.
      const { graphql, sweep, erasureSweep } = functions();
      for (const id of [graphql, sweep, erasureSweep]) expect(JSON.stringify(stack.statementsOf(id))).not.toContain('LeadingKeys');
    });

    it('lets every Lambda use the table key through DynamoDB only (kms:ViaService)', () => {
      const dataKey = arnOf(stack.logicalId('AWS::KMS::Key', 'KeysDataKey'));
      for (const id of Object.values(functions())) {
        const onKey = stack.statementsOf(id).filter((s) => JSON.stringify(s.Resource) === JSON.stringify(dataKey));
        expect(onKey).toEqual([
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'],
            Resource: dataKey,
            // The stack's region (a token here: these tests synthesize without an env).
            Condition: {
              StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            },
          },
        ]);
      }
    });

    it('lets each Lambda write only its own log group', () => {
      for (const id of Object.values(functions())) {
        const logs = stack.statementsOf(id).filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));
        expect(logs).toEqual([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: arnOf(stack.resources[id]!.Properties.LoggingConfig.LogGroup.Ref),
          },
        ]);
      }
    });
  });

  describe('Lambdas', () => {
    it('trace with X-Ray and have the reserved concurrency of the stage', () => {
      const { graphql, dispatch, retry, sweep, erasureSweep } = functions();
      const expected = {
        [erasureSweep]: DEFAULT_RESERVED_CONCURRENCY.erasureSweep,
        [graphql]: DEFAULT_RESERVED_CONCURRENCY.graphql,
        [dispatch]: DEFAULT_RESERVED_CONCURRENCY.webhookDispatch,
        [retry]: DEFAULT_RESERVED_CONCURRENCY.webhookRetry,
        [sweep]: DEFAULT_RESERVED_CONCURRENCY.reminderSweep,
      };
      for (const [id, reserved] of Object.entries(expected)) {
        expect(stack.resources[id]!.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(stack.resources[id]!.Properties.ReservedConcurrentExecutions).toBe(reserved);
      }
    });

    it("keep X-Ray's `*` in a policy of its own per role, so its cdk-nag acknowledgement covers nothing else", () => {
      const withStar = stack
        .ofType('AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties.PolicyDocument.Statement as Statement[]).some((st) => [st.Resource].flat().includes('*')));
      const roleOf = (functionId: string) => stack.resources[functionId]!.Properties.Role['Fn::GetAtt'][0];

      expect(withStar.flatMap(([, p]) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref)).sort()).toEqual(
        Object.values(functions()).map(roleOf).sort(),
      );
      for (const [, policy] of withStar) {
        expect(policy.Properties.PolicyDocument.Statement).toEqual([
          { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
        ]);
      }
    });

    it('moves the source map out of the asset after bundling (kept under cdk.out to symbolicate offline)', () => {
      const bundling = nodejsBundlingOptions('graphql');
      const commands = bundling.commandHooks!.afterBundling('/repo', '/asset').join('\n');

      expect(bundling.sourceMap).toBe(true);
      expect(commands).toContain(`mv "/asset/index.mjs.map" "/repo/${SOURCE_MAP_DIR}/graphql.mjs.map"`);
    });
  });

  describe('HTTP API', () => {
    it('logs every request as JSON to an encrypted log group kept at least a year', () => {
      const [, stage] = stack.ofType('AWS::ApiGatewayV2::Stage')[0]!;
      const groupId = stack.logicalId('AWS::Logs::LogGroup', 'GraphqlAccessLogs');
      const format = JSON.parse(stage.Properties.AccessLogSettings.Format);

      expect(stage.Properties.AccessLogSettings.DestinationArn).toEqual(arnOf(groupId));
      expect(stack.resources[groupId]!.Properties.RetentionInDays).toBeGreaterThanOrEqual(365);
      expect(format).toEqual(ACCESS_LOG_FIELDS);
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        sub: '$context.authorizer.claims.sub',
        clientId: '$context.authorizer.claims.client_id',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLatencyMs: '$context.responseLatency',
        authorizerError: '$context.authorizer.error',
      });
    });

    it('requires one of the API scopes on the route, so ID and openid-only tokens stop at the gateway', () => {
      const [, route] = stack.ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === 'POST /graphql')!;
      expect(route.Properties.AuthorizationScopes.sort()).toEqual(ALL_SCOPES.map((s) => `reconnect/${s}`).sort());
    });

    it('allows CORS from the configured origins only, never *', () => {
      const [, api] = stack.ofType('AWS::ApiGatewayV2::Api')[0]!;
      expect(api.Properties.Name).toBe('reconnect-staging');
      expect(api.Properties.CorsConfiguration).toMatchObject({
        AllowOrigins: ['https://practice.example.com', 'https://app.example.com'],
        AllowMethods: ['POST', 'OPTIONS'],
        AllowHeaders: expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']),
        ExposeHeaders: expect.arrayContaining(['retry-after', 'idempotent-replayed']),
        AllowCredentials: false,
      });
    });

    it('refuses to synthesize a wildcard origin', () => {
      const app = testApp();
      expect(() => new ReconnectStack(app, 'Open', { corsOrigins: ['*'] })).toThrow('corsOrigins');
    });
  });

  describe('Cognito', () => {
    it('has one app client per integrator with only its scopes, and the API accepts exactly those clients', () => {
      const clients = stack.ofType('AWS::Cognito::UserPoolClient');
      const [serverId] = stack.ofType('AWS::Cognito::UserPoolResourceServer')[0]!;
      const scopesOf = (name: string) =>
        clients.find(([, c]) => c.Properties.ClientName === `reconnect-staging-${name}`)?.[1].Properties.AllowedOAuthScopes;

      expect(clients).toHaveLength(2);
      for (const integrator of INTEGRATORS) {
        expect(scopesOf(integrator.name)).toEqual([
          'openid',
          ...integrator.scopes.map((s) => ({ 'Fn::Join': ['', [{ Ref: serverId }, `/${s}`]] })),
        ]);
      }
      const clientRefs = clients.map(([id]) => ({ Ref: id }));
      const [, authorizer] = stack.ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
      expect(authorizer.Properties.JwtConfiguration.Audience).toEqual(clientRefs);
      expect(stack.resources[functions().graphql]!.Properties.Environment.Variables.AUTH_AUDIENCE).toEqual({
        'Fn::Join': ['', [clientRefs[0], ',', clientRefs[1]]],
      });
    });

    it('requires MFA with an authenticator app (no SMS), a strong password and threat protection', () => {
      const [, pool] = stack.ofType('AWS::Cognito::UserPool')[0]!;
      expect(pool.Properties).toMatchObject({
        UserPoolName: 'reconnect-staging',
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
        },
        UserPoolTier: 'PLUS',
      });
    });
  });

  describe('backups', () => {
    it('backs the table up daily (kept 35 days) and monthly (kept a year) into a vault under the data key', () => {
      const [, plan] = stack.ofType('AWS::Backup::BackupPlan')[0]!;
      const [vaultId, vault] = stack.ofType('AWS::Backup::BackupVault')[0]!;
      const [, selection] = stack.ofType('AWS::Backup::BackupSelection')[0]!;
      const rules = plan.Properties.BackupPlan.BackupPlanRule as Record<string, any>[];

      expect(rules.map((r) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual([
        ['Daily', 35],
        ['Monthly', 365],
      ]);
      expect(rules.every((r) => JSON.stringify(r.TargetBackupVault).includes(vaultId))).toBe(true);
      expect(vault.Properties.EncryptionKeyArn).toEqual(arnOf(stack.logicalId('AWS::KMS::Key', 'KeysDataKey')));
      expect(JSON.stringify(selection.Properties.BackupSelection.Resources)).toContain(
        stack.logicalId('AWS::DynamoDB::Table', 'DataTable'),
      );
    });
  });

  describe('alarms', () => {
    const alarms = (): Record<string, any>[] => stack.ofType('AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...a.Properties }));

    it('notify the encrypted topic on ALARM and OK, every one of them', () => {
      const [topicId] = stack.ofType('AWS::SNS::Topic')[0]!;
      expect(alarms().length).toBeGreaterThan(15);
      for (const alarm of alarms()) {
        expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
        expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
      }
    });

    it('watch errors and throttles of every Lambda', () => {
      for (const id of Object.values(functions())) {
        for (const metric of ['Errors', 'Throttles']) {
          expect(alarms()).toContainEqual(
            expect.objectContaining({
              Namespace: 'AWS/Lambda',
              MetricName: metric,
              Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
              Threshold: 1,
            }),
          );
        }
      }
    });

    it('watch GraphQL p99 duration at 80% of its timeout, and API 5xx', () => {
      const { graphql } = functions();
      const timeoutMs = stack.resources[graphql]!.Properties.Timeout * 1000;
      expect(alarms()).toContainEqual(
        expect.objectContaining({
          MetricName: 'Duration',
          ExtendedStatistic: 'p99',
          Threshold: timeoutMs * 0.8,
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: graphql } }],
        }),
      );
      expect(alarms()).toContainEqual(expect.objectContaining({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Threshold: 5 }));
    });

    it('watch DynamoDB throttles and system errors on the table', () => {
      const tableRef = JSON.stringify({ Ref: stack.logicalId('AWS::DynamoDB::Table', 'DataTable') });
      for (const metric of ['ThrottledRequests', 'SystemErrors']) {
        const found = alarms().filter((a) => JSON.stringify(a.Metrics ?? []).includes(`"MetricName":"${metric}"`));
        expect(found).toHaveLength(1);
        expect(JSON.stringify(found[0]!.Metrics)).toContain(tableRef);
        expect(found[0]!.Threshold).toBe(1);
      }
    });

    it("watch the retry queue's oldest message and the failed invocations of every rule", () => {
      const queue = stack.ofType('AWS::SQS::Queue').find(([id]) => /^EventsWebhookRetries[0-9A-F]{8}$/.test(id))![0];
      expect(alarms()).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateAgeOfOldestMessage',
          Threshold: 1800,
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        }),
      );
      const failed = alarms().filter((a) => a.MetricName === 'FailedInvocations');
      expect(failed).toHaveLength(EVENT_RULES.length + 2); // the project bus's rules and the two schedules
      for (const [ruleId] of stack.ofType('AWS::Events::Rule')) {
        expect(failed.some((a) => JSON.stringify(a.Dimensions).includes(`"Ref":"${ruleId}"`))).toBe(true);
      }
    });

    it('alarm when no sweep completed without error for 45 minutes, also when it never ran', () => {
      const { sweep } = functions();
      const [alarm] = alarms().filter((a) => a.id.startsWith('MonitoringNoSuccessfulSweep'));
      const expression = alarm!.Metrics.find((m: any) => m.Expression);
      const metrics = alarm!.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [
        m.Id,
        m.MetricStat.Metric.MetricName,
        m.MetricStat.Period,
      ]);

      expect(expression.Expression).toBe('FILL(invocations, 0) - FILL(errors, 0)');
      expect(metrics.sort()).toEqual([
        ['errors', 'Errors', 2700],
        ['invocations', 'Invocations', 2700],
      ]);
      expect(JSON.stringify(alarm!.Metrics)).toContain(`"Ref":"${sweep}"`);
      expect(alarm).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
        EvaluationPeriods: 1,
      });
    });
  });

  describe('stages', () => {
    it('names every named resource after its stage, so two stages live in one account', () => {
      // Names that must be unique in an account and region (names scoped to a parent, like an authorizer's, are not).
      const NAMED: Record<string, (p: Record<string, any>) => unknown> = {
        'AWS::Events::EventBus': (p) => p.Name,
        'AWS::ApiGatewayV2::Api': (p) => p.Name,
        'AWS::SNS::Topic': (p) => p.TopicName,
        'AWS::Cognito::UserPool': (p) => p.UserPoolName,
        'AWS::Cognito::UserPoolDomain': (p) => p.Domain,
        'AWS::KMS::Alias': (p) => p.AliasName,
        'AWS::Backup::BackupVault': (p) => p.BackupVaultName,
        'AWS::Backup::BackupPlan': (p) => p.BackupPlan.BackupPlanName,
      };
      const names = (s: Stack) =>
        Object.values(s.resources)
          .filter((r) => NAMED[r.Type])
          .map((r) => JSON.stringify(NAMED[r.Type]!(r.Properties)));
      const staging = names(stack);
      const prod = names(synthesizeStack({ ...props, stage: 'prod' }));

      expect(staging).toHaveLength(10);
      for (const name of staging) expect(name).toContain('staging');
      for (const name of prod) expect(name).toContain('prod');
      expect(staging.filter((n) => prod.includes(n))).toEqual([]);
    });
  });
});
