import { Template } from 'aws-cdk-lib/assertions';
import { KEY_ATTRIBUTE_TYPE, TABLE_DEFINITION } from '../../functions/shared/data/table-definition';
import { IDEMPOTENCY_LEASE_MS } from '../../functions/shared/idempotency/idempotent-requests';
import { ReconnectStack } from '../../infra/reconnect-stack';
import { testApp } from '../support/cdk-template';

type Json = Record<string, any>;

/** Resource ids of one type, with their full CloudFormation bodies. */
function resourcesOf(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type));
}

function onlyResource(template: Template, type: string): [string, Json] {
  const found = resourcesOf(template, type);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** True when `value` contains a Ref or Fn::GetAtt to `logicalId` anywhere inside it. */
function references(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => references(v, logicalId));
  if (value === null || typeof value !== 'object') return false;
  const obj = value as Json;
  if (obj.Ref === logicalId) return true;
  if (Array.isArray(obj['Fn::GetAtt']) && obj['Fn::GetAtt'][0] === logicalId) return true;
  return Object.values(obj).some((v) => references(v, logicalId));
}

describe('ReconnectStack template', () => {
  let template: Template;
  let tableId: string;
  let table: Json;
  let userPoolId: string;
  let clientId: string;
  /** The Lambda that POST /graphql is integrated with (found through the route, not by count). */
  let graphqlFunctionId: string;
  let graphqlFunction: Json;
  let graphqlRoute: Json;

  beforeAll(() => {
    // Prepare: the same feature flags the CLI reads from cdk.json, bundling skipped.
    const app = testApp();

    // Act
    const stack = new ReconnectStack(app, 'ReconnectTest');
    template = Template.fromStack(stack);

    [tableId, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    [userPoolId] = onlyResource(template, 'AWS::Cognito::UserPool');
    [clientId] = onlyResource(template, 'AWS::Cognito::UserPoolClient');
    const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === 'POST /graphql');
    expect(routes).toHaveLength(1);
    graphqlRoute = routes[0]![1].Properties;
    const [integrationId, integration] = resourcesOf(template, 'AWS::ApiGatewayV2::Integration').find(([id]) =>
      references(graphqlRoute.Target, id),
    )!;
    expect(integrationId).toBeDefined();
    [graphqlFunctionId] = integration.Properties.IntegrationUri['Fn::GetAtt'];
    graphqlFunction = template.findResources('AWS::Lambda::Function')[graphqlFunctionId]!.Properties;
  }, 30_000);

  describe('data table', () => {
    it('is a plain (single-region) table, not a global table', () => {
      template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
    });

    it('is on-demand with point-in-time recovery, TTL and deletion protection', () => {
      const props = table.Properties;

      expect(props.BillingMode).toBe('PAY_PER_REQUEST');
      expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(props.TimeToLiveSpecification).toEqual({
        AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
        Enabled: true,
      });
      expect(props.DeletionProtectionEnabled).toBe(true);
    });

    it('is retained when the stack is deleted or the table replaced', () => {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    });

    it('has the key schema of TABLE_DEFINITION', () => {
      expect(table.Properties.KeySchema).toEqual([
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ]);
    });

    it('has exactly the indexes of TABLE_DEFINITION', () => {
      const deployed = (table.Properties.GlobalSecondaryIndexes as Json[]).map((i) => i.IndexName).sort();
      const defined = TABLE_DEFINITION.globalSecondaryIndexes.map((i) => i.indexName).sort();

      expect(deployed).toEqual(defined);
    });

    it.each(TABLE_DEFINITION.globalSecondaryIndexes.map((i) => [i.indexName, i] as const))(
      'index %s has the keys of the definition and projects ALL',
      (indexName, index) => {
        const deployed = (table.Properties.GlobalSecondaryIndexes as Json[]).find((i) => i.IndexName === indexName);

        expect(deployed).toEqual({
          IndexName: indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        });
      },
    );

    it('declares every key attribute of the definition with its type, and no other', () => {
      const expected = [
        TABLE_DEFINITION.partitionKey,
        TABLE_DEFINITION.sortKey,
        ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
      ]
        .sort()
        .map((AttributeName) => ({ AttributeName, AttributeType: KEY_ATTRIBUTE_TYPE }));

      const deployed = [...(table.Properties.AttributeDefinitions as Json[])].sort((a, b) => (a.AttributeName < b.AttributeName ? -1 : 1));

      expect(deployed).toEqual(expected);
    });
  });

  describe('GraphQL Lambda', () => {
    it('runs Node.js 22 on arm64', () => {
      expect(graphqlFunction.Runtime).toBe('nodejs22.x');
      expect(graphqlFunction.Architectures).toEqual(['arm64']);
    });

    it('sets memory and a timeout below the HTTP API integration limit (30 s)', () => {
      expect(graphqlFunction.MemorySize).toBeGreaterThanOrEqual(512);
      expect(graphqlFunction.Timeout).toBeGreaterThan(0);
      expect(graphqlFunction.Timeout).toBeLessThan(30);
    });

    it("times out well within an Idempotency-Key claim's lease: a lease runs out only once its request is gone", () => {
      expect(graphqlFunction.Timeout * 1000 * 2).toBeLessThanOrEqual(IDEMPOTENCY_LEASE_MS);
    });

    it('is configured for the cloud: no introspection, the table, the user pool', () => {
      const env = graphqlFunction.Environment.Variables;

      expect(env.RECONNECT_STAGE).toBe('cloud');
      expect(env.GRAPHQL_INTROSPECTION).toBe('false');
      expect(Number(env.RATE_LIMIT_PER_MINUTE)).toBeGreaterThan(0);
      expect(env.TABLE_NAME).toEqual({ Ref: tableId });
      expect(env.AUTH_AUDIENCE).toEqual({ Ref: clientId });
      expect(references(env.AUTH_ISSUER, userPoolId)).toBe(true);
      expect(JSON.stringify(env.AUTH_JWKS_URL)).toContain('/.well-known/jwks.json');
      expect(env.NODE_OPTIONS).toBeUndefined(); // source maps are parsed per cold start: infra/bundling.ts
      expect(env.DUE_INDEX_SHARDS).toBe('8'); // the same shard count as the sweep's (reminder-sweep.test.ts)
    });

    it('logs to a log group with a retention period', () => {
      const logGroupRef = graphqlFunction.LoggingConfig.LogGroup.Ref as string;
      const logGroup = template.findResources('AWS::Logs::LogGroup')[logGroupRef];

      expect(logGroup?.Properties.RetentionInDays).toBeGreaterThan(0);
    });
  });

  describe('least privilege', () => {
    let statements: Json[];
    let managedPolicies: unknown[];

    beforeAll(() => {
      const roleId = graphqlFunction.Role['Fn::GetAtt'][0] as string;
      const policies = resourcesOf(template, 'AWS::IAM::Policy').filter(([, p]) =>
        (p.Properties.Roles as unknown[]).some((r) => references(r, roleId)),
      );
      statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
      managedPolicies = template.findResources('AWS::IAM::Role')[roleId]!.Properties.ManagedPolicyArns ?? [];
    });

    it('grants no wildcard action: DynamoDB data actions, PutEvents, the keys it uses, its logs and X-Ray', () => {
      const actions = statements.flatMap((s) => [s.Action].flat() as string[]);

      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) {
        expect(action).not.toMatch(/\*/);
        expect(action).toMatch(/^dynamodb:|^events:PutEvents$|^kms:(Decrypt|Encrypt|DescribeKey|GenerateDataKey)$|^logs:|^xray:/);
      }
      expect(actions).not.toContain('dynamodb:Scan');
    });

    it('reaches only the table, the indexes it queries, the project bus, its keys and its log group', () => {
      const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
      const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
      const [busId] = onlyResource(template, 'AWS::Events::EventBus');
      const busArn = { 'Fn::GetAtt': [busId, 'Arn'] };
      const keyArn = (prefix: string) => {
        const [id] = resourcesOf(template, 'AWS::KMS::Key').find(([keyId]) => keyId.startsWith(prefix))!;
        return { 'Fn::GetAtt': [id, 'Arn'] };
      };
      const logGroupArn = { 'Fn::GetAtt': [graphqlFunction.LoggingConfig.LogGroup.Ref, 'Arn'] };
      const scoped = statements.filter((s) => s.Resource !== '*');
      const resources = scoped.flatMap((s) => [s.Resource].flat());

      expect(statements.every((s) => s.Effect === 'Allow' && s.Resource !== undefined)).toBe(true);
      for (const resource of resources) {
        expect([
          tableArn,
          indexArn('gsi1'),
          indexArn('gsi2'),
          busArn,
          keyArn('KeysDataKey'),
          keyArn('KeysWebhookSecretsKey'),
          logGroupArn,
        ]).toContainEqual(resource);
      }
      for (const statement of statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(busArn))) {
        expect(statement.Action).toBe('events:PutEvents');
      }
      // Only X-Ray, which has no resource-level permissions, is granted on *.
      for (const statement of statements.filter((s) => s.Resource === '*')) {
        expect([statement.Action].flat().sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
      // Queries on gsi1/gsi2 are authorized on each index's ARN; byDue is the sweep's alone.
      expect(resources).toContainEqual(tableArn);
      expect(resources).toContainEqual(indexArn('gsi1'));
      expect(resources).toContainEqual(indexArn('gsi2'));
      expect(JSON.stringify(resources)).not.toContain('/index/byDue');
      expect(JSON.stringify(resources)).not.toContain('/index/*');
    });

    it('has no AWS managed policy: its own role lists what it may do', () => {
      expect(managedPolicies).toEqual([]);
    });
  });

  describe('HTTP API', () => {
    it('exposes POST /graphql behind a JWT authorizer trusting the user pool and app client', () => {
      const authorizerId = graphqlRoute.AuthorizerId.Ref as string;
      const authorizer = template.findResources('AWS::ApiGatewayV2::Authorizer')[authorizerId]!.Properties;

      expect(graphqlRoute.AuthorizationType).toBe('JWT');
      expect(authorizer.AuthorizerType).toBe('JWT');
      expect(references(authorizer.JwtConfiguration.Issuer, userPoolId)).toBe(true);
      expect(authorizer.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
    });

    it('has no unauthenticated route', () => {
      const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);

      for (const route of routes) expect(route.AuthorizationType).toBe('JWT');
    });

    it('throttles the default stage', () => {
      const [, stage] = onlyResource(template, 'AWS::ApiGatewayV2::Stage');
      const settings = stage.Properties.DefaultRouteSettings;

      expect(stage.Properties.StageName).toBe('$default');
      expect(settings.ThrottlingBurstLimit).toBeGreaterThan(0);
      expect(settings.ThrottlingRateLimit).toBeGreaterThan(0);
    });
  });

  describe('Cognito', () => {
    it('retains the user pool and allows no self sign-up by default', () => {
      const [, pool] = onlyResource(template, 'AWS::Cognito::UserPool');

      expect(pool.DeletionPolicy).toBe('Retain');
      expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
      expect(pool.Properties.UsernameAttributes).toEqual(['email']);
    });

    it('defines the reconnect resource server with the API scopes', () => {
      const [, server] = onlyResource(template, 'AWS::Cognito::UserPoolResourceServer');
      const scopes = (server.Properties.Scopes as Json[]).map((s) => s.ScopeName).sort();

      expect(server.Properties.Identifier).toBe('reconnect');
      expect(scopes).toEqual(
        [
          'profile',
          'couple:read',
          'couple:write',
          'reflections:read',
          'reflections:write',
          'practice:read',
          'practice:write',
          'webhooks',
        ].sort(),
      );
    });

    it('gives the app client the code flow, no secret, openid and every API scope', () => {
      const [serverId, server] = onlyResource(template, 'AWS::Cognito::UserPoolResourceServer');
      const [, client] = onlyResource(template, 'AWS::Cognito::UserPoolClient');
      const props = client.Properties;
      const expectedScopes = (server.Properties.Scopes as Json[]).map((s) => ({
        'Fn::Join': ['', [{ Ref: serverId }, `/${s.ScopeName}`]],
      }));

      expect(props.GenerateSecret).toBe(false);
      expect(props.AllowedOAuthFlows).toEqual(['code']);
      expect(props.AllowedOAuthScopes).toEqual(['openid', ...expectedScopes]);
      expect(props.CallbackURLs).toEqual(['http://localhost:3000/callback']);
    });
  });

  describe('outputs', () => {
    it('publishes the GraphQL URL, user pool, client and table', () => {
      const outputs = template.findOutputs('*');
      const values = Object.values(outputs).map((o) => o.Value);

      expect(values).toContainEqual({ Ref: userPoolId });
      expect(values).toContainEqual({ Ref: clientId });
      expect(values).toContainEqual({ Ref: tableId });
      expect(values.some((v) => JSON.stringify(v).endsWith('"/graphql"]]}'))).toBe(true);
    });
  });
});
