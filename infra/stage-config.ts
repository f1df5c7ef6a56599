/**
 * Everything that differs between two deployments of the stack (two stages
 * in one account, or one per account), read from CDK context: `-c key=value`
 * first, then the stage's own block in cdk.json (`"stages": { "dev": {...} }`),
 * never another stage's: `-c stage=prod` does not inherit the development
 * stage's region, localhost origins or all-scopes client. Pure (no
 * aws-cdk-lib import) so it is unit-tested without synthesizing.
 */
import { ALL_SCOPES, type Scope } from '../functions/shared/auth/scopes';

/** A third-party app or practice dashboard: one Cognito app client with only these scopes. */
export interface IntegratorConfig {
  /** Lower-case letters, digits and dashes; names the app client and its construct. */
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** OAuth redirect URLs (authorization code flow). */
  readonly callbackUrls: readonly string[];
}

/** Reserved concurrency per Lambda: a ceiling that also keeps one runaway function from starving the others. */
export interface ReservedConcurrency {
  readonly graphql: number;
  readonly webhookDispatch: number;
  readonly webhookRetry: number;
  readonly reminderSweep: number;
  readonly erasureSweep: number;
}

export interface StageConfig {
  /** Part of every physical name (stack, bus, pool, domain, aliases, vault), so stages never collide. */
  readonly stage: string;
  /** Required and explicit: data about couples stays in the region chosen for it, never wherever the CLI points. */
  readonly region: string;
  readonly account?: string;
  /** Browser origins allowed by CORS; never `*`. */
  readonly corsOrigins: readonly string[];
  readonly integrators: readonly IntegratorConfig[];
  readonly reservedConcurrency: ReservedConcurrency;
  /** Subscribed to the alarm topic (the subscription must be confirmed by mail); required on every stage but dev. */
  readonly alarmEmail?: string;
  readonly selfSignUpEnabled: boolean;
  /** Cognito hosted domain prefix; default `reconnect-<stage>-<account id>`. */
  readonly authDomainPrefix?: string;
}

/** Defaults when a context key is absent (also what the template tests synthesize). */
export const DEFAULT_RESERVED_CONCURRENCY: ReservedConcurrency = {
  // 50 requests/s at the stage throttle and ~100-200 ms per request: ~10-20 busy at once; 100 leaves room for cold starts.
  graphql: 100,
  webhookDispatch: 10,
  webhookRetry: 10,
  // One sweep at a time is the design; 2 lets Lambda's own retry of a failed run start while a scheduled run is finishing.
  reminderSweep: 2,
  // One run at a time: two runs never work on the same erasure (a throttled invocation is retried by Lambda).
  erasureSweep: 1,
};

const STAGE_PATTERN = /^[a-z][a-z0-9-]{1,15}$/;
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const KNOWN_SCOPES = new Set<string>(ALL_SCOPES);

/** Reads a context value: `get(key)` as `app.node.tryGetContext` returns it. */
export type ContextReader = (key: string) => unknown;

/**
 * The one stage allowed development settings (http://localhost origins and
 * callbacks, no alarm address): every other stage may hold real people's data.
 */
export const DEVELOPMENT_STAGE = 'dev';

function isLocalhostUrl(value: string): boolean {
  try {
    const { hostname } = new URL(value);
    return hostname === 'localhost' || hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/**
 * What a stage other than {@link DEVELOPMENT_STAGE} must not have: localhost
 * origins or callbacks (a dashboard on the operator's laptop would get
 * tokens for real data), non-https callbacks, or alarms that notify nobody.
 */
function refuseDevelopmentSettings(config: StageConfig): void {
  const localOrigins = config.corsOrigins.filter(isLocalhostUrl);
  if (localOrigins.length > 0) {
    throw new Error(`corsOrigins: ${localOrigins.join(', ')} is for the ${DEVELOPMENT_STAGE} stage only, not ${config.stage}`);
  }
  for (const integrator of config.integrators) {
    const unsafe = integrator.callbackUrls.filter((url) => isLocalhostUrl(url) || !url.startsWith('https://'));
    if (unsafe.length > 0) {
      throw new Error(
        `integrators: ${integrator.name} callbackUrls must be https and not localhost on ${config.stage}: ${unsafe.join(', ')}`,
      );
    }
  }
  if (!config.alarmEmail) {
    throw new Error(`Context alarmEmail is required on ${config.stage} (-c alarmEmail=ops@example.com): alarms must notify someone`);
  }
}

/** `-c key=a,b` on the command line gives a string; cdk.json can give an array. */
function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

/** `-c key={...}` on the command line gives a JSON string; cdk.json gives the object. */
function json<T>(value: unknown, key: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new Error(`Context ${key} must be JSON`);
  }
}

/**
 * An allowed browser origin: `https://host[:port]`, or `http://localhost[:port]`
 * / `http://127.0.0.1[:port]` for development. No wildcard, path or trailing slash.
 */
export function validateOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`corsOrigins: ${origin} is not an origin (https://host[:port])`);
  }
  const local = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  if (origin.includes('*') || url.origin !== origin || (url.protocol !== 'https:' && !local)) {
    throw new Error(`corsOrigins: ${origin} must be an exact https origin (or http://localhost), never a wildcard`);
  }
  return origin;
}

function validateIntegrator(value: IntegratorConfig): IntegratorConfig {
  if (!NAME_PATTERN.test(value?.name ?? '')) throw new Error(`integrators: name ${value?.name} must match ${NAME_PATTERN}`);
  const scopes = list(value.scopes) ?? [];
  if (scopes.length === 0) throw new Error(`integrators: ${value.name} needs at least one scope`);
  for (const scope of scopes) {
    if (!KNOWN_SCOPES.has(scope)) throw new Error(`integrators: ${value.name} asks for unknown scope ${scope}`);
  }
  const callbackUrls = list(value.callbackUrls) ?? [];
  if (callbackUrls.length === 0) throw new Error(`integrators: ${value.name} needs callbackUrls`);
  return { name: value.name, scopes: scopes as Scope[], callbackUrls };
}

function positiveInteger(value: unknown, key: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`reservedConcurrency.${key} must be a whole number >= 1`);
  return n;
}

/**
 * The stage configuration from context and the CLI's environment. Throws with
 * the key to set when something required is missing or unsafe: a synth must
 * fail rather than deploy to a guessed region or with an open CORS policy.
 */
export function readStageConfig(getContext: ContextReader, env: NodeJS.ProcessEnv = process.env): StageConfig {
  const stage = String(getContext('stage') ?? '');
  if (!STAGE_PATTERN.test(stage)) throw new Error(`Context stage must match ${STAGE_PATTERN} (e.g. -c stage=staging), not "${stage}"`);
  const stageBlock = json<Record<string, Record<string, unknown> | undefined>>(getContext('stages'), 'stages')?.[stage] ?? {};
  const get: ContextReader = (key) => getContext(key) ?? stageBlock[key];
  const region = String(get('region') ?? env.CDK_DEPLOY_REGION ?? '');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new Error(`An explicit region is required: set "region" in cdk.json's "stages"."${stage}" block or pass -c region=eu-central-1`);
  }
  const corsOrigins = (list(get('corsOrigins')) ?? []).map(validateOrigin);
  if (corsOrigins.length === 0) throw new Error('Context corsOrigins must list at least one browser origin');
  const integrators = (json<IntegratorConfig[]>(get('integrators'), 'integrators') ?? []).map(validateIntegrator);
  if (integrators.length === 0) throw new Error('Context integrators must describe at least one app client');
  if (new Set(integrators.map((i) => i.name)).size !== integrators.length) throw new Error('integrators: names must be unique');
  const reserved = {
    ...DEFAULT_RESERVED_CONCURRENCY,
    ...json<Partial<ReservedConcurrency>>(get('reservedConcurrency'), 'reservedConcurrency'),
  };
  const alarmEmail = get('alarmEmail') ? String(get('alarmEmail')) : undefined;
  const config: StageConfig = {
    stage,
    region,
    account: env.CDK_DEFAULT_ACCOUNT,
    corsOrigins,
    integrators,
    reservedConcurrency: {
      graphql: positiveInteger(reserved.graphql, 'graphql'),
      webhookDispatch: positiveInteger(reserved.webhookDispatch, 'webhookDispatch'),
      webhookRetry: positiveInteger(reserved.webhookRetry, 'webhookRetry'),
      reminderSweep: positiveInteger(reserved.reminderSweep, 'reminderSweep'),
      erasureSweep: positiveInteger(reserved.erasureSweep, 'erasureSweep'),
    },
    alarmEmail,
    selfSignUpEnabled: get('selfSignUp') === true || get('selfSignUp') === 'true',
    authDomainPrefix: get('authDomainPrefix') ? String(get('authDomainPrefix')) : undefined,
  };
  if (stage !== DEVELOPMENT_STAGE) refuseDevelopmentSettings(config);
  return config;
}
