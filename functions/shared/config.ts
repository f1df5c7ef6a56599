import type { JSONWebKeySet } from 'jose';
import { dueIndexShards } from './data/due-shards';
import type { SecretsConfig } from './secrets/create-secret-sealer';

export type { SecretsConfig };

/** Where tokens come from and what they must say. */
export interface AuthConfig {
  /** Exact `iss` every token must carry (the Cognito user pool URL in the cloud). */
  issuer: string;
  /** Accepted app client ids: a token passes when its `client_id` (Cognito access token) or `aud` is one of them. */
  audiences: string[];
  /** Remote JWKS (Cognito's `/.well-known/jwks.json`); used when `jwks` is not given. */
  jwksUrl?: string;
  /** Inline public keys: the local issuer's, or a test's. */
  jwks?: JSONWebKeySet;
}

/** Everything a Lambda of this project reads from its environment, parsed once at cold start. */
export interface AppConfig {
  stage: 'local' | 'cloud';
  region: string;
  tableName: string;
  /** DynamoDB Local or another endpoint; unset in the cloud. */
  dynamodbEndpoint?: string;
  auth: AuthConfig;
  /** On locally so that tools can explore the schema; off in the cloud stack. */
  introspection: boolean;
  /**
   * Name of the project's EventBridge bus, where the API publishes domain
   * events. Required in the cloud; the local run publishes to an in-process
   * bus instead (HandlerOverrides.events).
   */
  eventBusName?: string;
  /** Requests one caller may send a minute (RATE_LIMITED beyond); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Master key of webhook signing secrets (the API only seals them). */
  secrets?: SecretsConfig;
}

/** Five requests a second sustained: far above what an app's screen needs, well below a loop. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 300;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

/**
 * Reads the configuration from environment variables. Fails fast on a missing
 * one: a Lambda that cannot verify tokens must not start serving.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const stage = env.RECONNECT_STAGE === 'local' ? 'local' : 'cloud';
  const jwksJson = env.AUTH_JWKS_JSON;
  const auth: AuthConfig = {
    issuer: required(env, 'AUTH_ISSUER'),
    audiences: required(env, 'AUTH_AUDIENCE')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    jwksUrl: env.AUTH_JWKS_URL,
    jwks: jwksJson ? (JSON.parse(jwksJson) as JSONWebKeySet) : undefined,
  };
  if (!auth.jwks && !auth.jwksUrl) throw new Error('Set AUTH_JWKS_URL or AUTH_JWKS_JSON');
  // Read where entries are written (shared/data/due-shards.ts); checked here so a bad value fails the cold start.
  dueIndexShards(env);
  return {
    stage,
    region: env.AWS_REGION ?? 'us-east-1',
    tableName: required(env, 'TABLE_NAME'),
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    auth,
    introspection: env.GRAPHQL_INTROSPECTION === 'true',
    eventBusName: stage === 'cloud' ? required(env, 'EVENT_BUS_NAME') : env.EVENT_BUS_NAME || undefined,
    rateLimitPerMinute: rateLimitFrom(env.RATE_LIMIT_PER_MINUTE),
    secrets: secretsConfig(env, stage),
  };
}

/**
 * The KMS key of sealed secrets is required in the cloud; the local stage uses
 * a local master key instead (and never KMS, so no local run needs AWS).
 */
function secretsConfig(env: NodeJS.ProcessEnv, stage: 'local' | 'cloud'): SecretsConfig {
  return stage === 'cloud' ? { kmsKeyId: required(env, 'WEBHOOK_SECRETS_KEY_ID') } : { localMasterKey: env.LOCAL_SECRETS_KEY || undefined };
}

/** What every Lambda that serves no client (no token settings) reads: where it runs and its table. */
export interface BackgroundLambdaConfig {
  stage: 'local' | 'cloud';
  region: string;
  tableName: string;
  dynamodbEndpoint?: string;
}

function backgroundLambdaConfig(env: NodeJS.ProcessEnv): BackgroundLambdaConfig {
  return {
    stage: env.RECONNECT_STAGE === 'local' ? 'local' : 'cloud',
    region: env.AWS_REGION ?? 'us-east-1',
    tableName: required(env, 'TABLE_NAME'),
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
  };
}

/** In the cloud `name` must be set; locally it is optional (a local stand-in replaces it). */
function requiredInCloud(env: NodeJS.ProcessEnv, stage: BackgroundLambdaConfig['stage'], name: string): string | undefined {
  return stage === 'cloud' ? required(env, name) : env[name] || undefined;
}

/**
 * What the webhook Lambdas (dispatch and retry) read: no token settings,
 * since they serve no client, but the retry queue they schedule attempts on.
 */
export interface WebhookConfig extends BackgroundLambdaConfig {
  /** The `webhook-retries` SQS queue; required in the cloud, unused locally (timers). */
  retryQueueUrl?: string;
  /** Master key of webhook signing secrets (these Lambdas open them to sign). */
  secrets?: SecretsConfig;
}

/** Reads the webhook Lambdas' configuration; fails fast on what they cannot run without. */
export function loadWebhookConfig(env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  const base = backgroundLambdaConfig(env);
  return { ...base, retryQueueUrl: requiredInCloud(env, base.stage, 'RETRY_QUEUE_URL'), secrets: secretsConfig(env, base.stage) };
}

/** What the reminder sweep Lambda reads: the table and, in the cloud, the bus it publishes reminders on. */
export interface SweepConfig extends BackgroundLambdaConfig {
  /** Required in the cloud; the local run passes its in-process bus instead. */
  eventBusName?: string;
}

/** Reads the sweep Lambda's configuration; fails fast on what it cannot run without. */
export function loadSweepConfig(env: NodeJS.ProcessEnv = process.env): SweepConfig {
  const base = backgroundLambdaConfig(env);
  dueIndexShards(env); // the shards it reads (shared/data/due-shards.ts): a bad value fails the cold start
  return { ...base, eventBusName: requiredInCloud(env, base.stage, 'EVENT_BUS_NAME') };
}

/** What the erasure sweep Lambda reads: the table, the bus (leaving a couple publishes events) and the user pool it deletes people from. */
export interface ErasureSweepConfig extends BackgroundLambdaConfig {
  /** Required in the cloud; the local run passes its in-process bus instead. */
  eventBusName?: string;
  /** The Cognito user pool (USER_POOL_ID): required in the cloud; the local run has no user directory. */
  userPoolId?: string;
}

/** Reads the erasure sweep Lambda's configuration; fails fast on what it cannot run without. */
export function loadErasureSweepConfig(env: NodeJS.ProcessEnv = process.env): ErasureSweepConfig {
  const base = backgroundLambdaConfig(env);
  return {
    ...base,
    eventBusName: requiredInCloud(env, base.stage, 'EVENT_BUS_NAME'),
    userPoolId: requiredInCloud(env, base.stage, 'USER_POOL_ID'),
  };
}

function rateLimitFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_RATE_LIMIT_PER_MINUTE;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`RATE_LIMIT_PER_MINUTE must be a whole number >= 0, not ${value}`);
  return limit;
}
