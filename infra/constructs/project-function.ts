import { Validations, type Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LAMBDA_ESBUILD_OPTIONS, LAMBDA_RUNTIME_ENVIRONMENT } from '../bundling';

/** Where bundling moves each function's source map: outside its asset (cdk.out is git-ignored), kept to symbolicate a logged stack offline. */
export const SOURCE_MAP_DIR = 'cdk.out/source-maps';

/**
 * Moves the source map esbuild wrote out of the asset directory, so the
 * deployed code holds no map (it would reveal the whole source, comments
 * included, to anyone who can read the function's code) and does not grow.
 */
export function moveSourceMapOutOfAsset(name: string): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      `mkdir -p "${inputDir}/${SOURCE_MAP_DIR}"`,
      `if [ -f "${outputDir}/index.mjs.map" ]; then mv "${outputDir}/index.mjs.map" "${inputDir}/${SOURCE_MAP_DIR}/${name}.mjs.map"; fi`,
    ],
  };
}

/**
 * NodejsFunction bundling props equivalent to the plain esbuild options the
 * benchmark uses, so the two cannot drift apart.
 */
export function nodejsBundlingOptions(name: string, options = LAMBDA_ESBUILD_OPTIONS): nodejs.BundlingOptions {
  return {
    format: options.format === 'esm' ? nodejs.OutputFormat.ESM : nodejs.OutputFormat.CJS,
    target: options.target,
    minify: options.minify,
    sourceMap: options.sourcemap,
    sourcesContent: options.sourcesContent,
    mainFields: [...options.mainFields],
    banner: options.banner.js,
    // esbuild's empty `external` list; NodejsFunction would otherwise leave
    // `@aws-sdk/*` out of the bundle.
    bundleAwsSDK: true,
    externalModules: [...options.external],
    esbuildArgs: Object.fromEntries(Object.entries(options.alias).map(([name, target]) => [`--alias:${name}`, target])),
    commandHooks: moveSourceMapOutOfAsset(name),
  };
}

export interface ProjectFunctionProps
  extends Pick<nodejs.NodejsFunctionProps, 'onFailure' | 'retryAttempts' | 'maxEventAge' | 'description'> {
  /** Short name: the source map's file name, and part of log and alarm descriptions. */
  readonly name: string;
  /** Absolute path of the handler file. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Variables besides LAMBDA_RUNTIME_ENVIRONMENT. */
  readonly environment: Record<string, string>;
  /** Its share of the account's concurrency (from context: infra/stage-config.ts). */
  readonly reservedConcurrency: number;
  /** Encrypts its log group. */
  readonly logKey: kms.IKey;
  /** Construct ids, so that existing functions keep their logical ids. */
  readonly ids?: { readonly function?: string; readonly logGroup?: string; readonly role?: string };
}

/**
 * A Lambda of this project: one bundling (infra/bundling.ts), Node 22 on
 * Graviton (about 20% cheaper per GB-second; nothing in the bundle is
 * native), X-Ray active tracing, reserved concurrency, and
 *
 * - its own log group, KMS-encrypted and kept a month (operational logs
 *   carry ids, never text people wrote; the API access log is kept a year);
 * - its own role with no AWS managed policy: it may write to its log group
 *   and nothing else until the caller grants exactly what the code uses.
 */
export function createProjectFunction(scope: Construct, props: ProjectFunctionProps): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, props.ids?.logGroup ?? 'Logs', {
    retention: logs.RetentionDays.ONE_MONTH,
    encryptionKey: props.logKey,
  });
  const role = new iam.Role(scope, props.ids?.role ?? 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Reconnect ${props.name} Lambda`,
  });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  const fn = new nodejs.NodejsFunction(scope, props.ids?.function ?? 'Function', {
    entry: props.entry,
    handler: 'handler',
    description: props.description,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    // Active tracing is switched on below, with its permission in a policy of its own.
    reservedConcurrentExecutions: props.reservedConcurrency,
    bundling: nodejsBundlingOptions(props.name),
    environment: { ...LAMBDA_RUNTIME_ENVIRONMENT, ...props.environment },
    onFailure: props.onFailure,
    retryAttempts: props.retryAttempts,
    maxEventAge: props.maxEventAge,
  });
  const xray = traceActively(scope, fn, role, `${props.ids?.role ?? 'Role'}XRay`);
  acknowledgeFunctionFindings(fn, role, xray);
  return fn;
}

/**
 * X-Ray active tracing, like `tracing: Tracing.ACTIVE`, except that the two
 * X-Ray actions (which support no resource-level permission, hence `*`) go
 * into a policy of their own instead of the role's default policy. The
 * `AwsSolutions-IAM5[Resource::*]` acknowledgement then sits on that policy
 * alone: a `*` resource added to any role's default policy later is still
 * reported (cdk-nag names that finding `Resource::*` whatever the action, so
 * `appliesTo` alone could not tell X-Ray's apart).
 */
function traceActively(scope: Construct, fn: lambda.Function, role: iam.IRole, id: string): iam.Policy {
  (fn.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: lambda.Tracing.ACTIVE };
  const policy = new iam.Policy(scope, id, {
    roles: [role],
    statements: [new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] })],
  });
  // As CDK does for the default policy: the function is created once it may trace.
  fn.node.addDependency(policy);
  return policy;
}

/**
 * cdk-nag findings (AwsSolutions, HIPAA.Security) that hold for every Lambda
 * of the project, acknowledged on each function and role with the reason.
 */
function acknowledgeFunctionFindings(fn: lambda.IFunction, role: iam.IRole, xray: iam.Policy): void {
  Validations.of(fn).acknowledge({
    id: 'HIPAA.Security-LambdaInsideVPC',
    reason:
      'No Lambda reaches a private resource: DynamoDB, EventBridge, SQS and KMS are AWS APIs over TLS with IAM auth, and the webhook Lambdas must reach the public internet (SSRF is blocked at connect time, docs/events-and-webhooks.md). A VPC would add NAT gateways and endpoints without narrowing any data path.',
  });
  Validations.of(fn).acknowledge({
    id: 'HIPAA.Security-LambdaDLQ',
    reason:
      'Failures are captured where they happen: the GraphQL Lambda is synchronous (the client gets the error); the dispatcher and the sweep have on-failure SQS destinations (they keep the error, unlike a DLQ) plus rule DLQs; the retry Lambda is fed by SQS, whose redrive policy is its DLQ. Every DLQ is alarmed.',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 is pinned on purpose: the esbuild target, the cold-start benchmark and the tests are measured on it (infra/bundling.ts LAMBDA_NODE_VERSION); a newer runtime is a deliberate change of that constant.',
  });
  Validations.of(role).acknowledge({
    id: 'HIPAA.Security-IAMNoInlinePolicy',
    reason:
      'Each Lambda has its own role whose one inline policy lists exactly what that function uses; a customer managed policy would only add an attach point another role could reuse.',
  });
  Validations.of(xray).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'This policy holds only X-Ray PutTraceSegments/PutTelemetryRecords (active tracing), which support no resource-level permissions.',
  });
  Validations.of(xray).acknowledge({
    id: 'HIPAA.Security-IAMNoInlinePolicy',
    reason:
      "The X-Ray actions of this Lambda's own role, apart from its default policy so that their `*` acknowledgement covers nothing else.",
  });
}
