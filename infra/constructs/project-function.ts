import type { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LAMBDA_ESBUILD_OPTIONS, LAMBDA_RUNTIME_ENVIRONMENT } from '../bundling';

/**
 * NodejsFunction bundling props equivalent to the plain esbuild options the
 * benchmark uses, so the two cannot drift apart.
 */
export function nodejsBundlingOptions(options = LAMBDA_ESBUILD_OPTIONS): nodejs.BundlingOptions {
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
  };
}

export interface ProjectFunctionProps
  extends Pick<nodejs.NodejsFunctionProps, 'onFailure' | 'retryAttempts' | 'maxEventAge' | 'description'> {
  /** Absolute path of the handler file. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Variables besides LAMBDA_RUNTIME_ENVIRONMENT. */
  readonly environment: Record<string, string>;
  /** Construct ids, so that existing functions keep their logical ids. */
  readonly ids?: { readonly function?: string; readonly logGroup?: string };
}

/**
 * A Lambda of this project: one bundling (infra/bundling.ts), Node 22 on
 * Graviton (about 20% cheaper per GB-second; nothing in the bundle is
 * native), and an explicit log group with a retention, because the one
 * Lambda creates by itself keeps logs forever and outlives the stack.
 */
export function createProjectFunction(scope: Construct, props: ProjectFunctionProps): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, props.ids?.logGroup ?? 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
  return new nodejs.NodejsFunction(scope, props.ids?.function ?? 'Function', {
    entry: props.entry,
    handler: 'handler',
    description: props.description,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    logGroup,
    bundling: nodejsBundlingOptions(),
    environment: { ...LAMBDA_RUNTIME_ENVIRONMENT, ...props.environment },
    onFailure: props.onFailure,
    retryAttempts: props.retryAttempts,
    maxEventAge: props.maxEventAge,
  });
}
