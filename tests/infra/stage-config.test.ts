import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStageConfig, validateOrigin } from '../../infra/stage-config';

const BASE: Record<string, unknown> = {
  stage: 'staging',
  region: 'eu-central-1',
  alarmEmail: 'ops@example.com',
  corsOrigins: ['https://dashboard.example.com'],
  integrators: [{ name: 'dashboard', scopes: ['couple:read'], callbackUrls: ['https://dashboard.example.com/cb'] }],
};

function read(overrides: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) {
  const context = { ...BASE, ...overrides };
  return readStageConfig((key) => context[key], env);
}

describe('stage configuration from context', () => {
  it('reads the stage, the explicit region, origins, integrators and default reserved concurrency', () => {
    const config = read();

    expect(config).toMatchObject({
      stage: 'staging',
      region: 'eu-central-1',
      corsOrigins: ['https://dashboard.example.com'],
      integrators: [{ name: 'dashboard', scopes: ['couple:read'], callbackUrls: ['https://dashboard.example.com/cb'] }],
      reservedConcurrency: { graphql: 100, webhookDispatch: 10, webhookRetry: 10, reminderSweep: 2, erasureSweep: 1 },
    });
  });

  it('takes the forms the CLI gives: comma lists and JSON strings', () => {
    const config = read({
      corsOrigins: 'https://a.example.com, https://b.example.com',
      integrators: JSON.stringify([{ name: 'app', scopes: 'profile,couple:read', callbackUrls: 'https://a.example.com/cb' }]),
      reservedConcurrency: '{"graphql": 20}',
    });

    expect(config.corsOrigins).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(config.integrators[0]?.scopes).toEqual(['profile', 'couple:read']);
    expect(config.reservedConcurrency.graphql).toBe(20);
  });

  it('refuses to synthesize without an explicit region (the CLI default region is not enough)', () => {
    expect(() => read({ region: undefined }, { CDK_DEFAULT_REGION: 'us-east-1' })).toThrow('An explicit region is required');
  });

  it.each([
    ['*', 'is not an origin'],
    ['https://*.example.com', 'never a wildcard'],
    ['http://dashboard.example.com', 'exact https origin'],
    ['https://dashboard.example.com/app', 'exact https origin'],
    ['dashboard.example.com', 'is not an origin'],
  ])('refuses the CORS origin %s', (origin, message) => {
    expect(() => validateOrigin(origin)).toThrow(message);
  });

  it('accepts https origins and http://localhost for development', () => {
    expect(validateOrigin('https://dashboard.example.com:8443')).toBe('https://dashboard.example.com:8443');
    expect(validateOrigin('http://localhost:3000')).toBe('http://localhost:3000');
  });

  it("takes a stage's values from its own block in cdk.json, the command line first", () => {
    // prepare: the repository's own cdk.json
    const cdkContext = JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8')).context as Record<string, unknown>;
    const withCli = (cli: Record<string, unknown>) => (key: string) => cli[key] ?? cdkContext[key];

    // act
    const dev = readStageConfig(withCli({}), {});
    const devElsewhere = readStageConfig(withCli({ region: 'eu-west-1' }), {});

    // assert: dev keeps its development settings; -c overrides one key
    expect(dev).toMatchObject({ stage: 'dev', region: 'eu-central-1', corsOrigins: ['http://localhost:3000'] });
    expect(devElsewhere.region).toBe('eu-west-1');
    // another stage inherits none of dev's block: its region is the first thing it lacks
    expect(() => readStageConfig(withCli({ stage: 'prod' }), { CDK_DEFAULT_REGION: 'us-east-1' })).toThrow(
      'An explicit region is required',
    );
  });

  it('lets only the dev stage use localhost origins and callbacks, and go without an alarm address', () => {
    const local = {
      corsOrigins: ['http://localhost:3000'],
      integrators: [{ name: 'web', scopes: ['couple:read'], callbackUrls: ['http://localhost:3000/callback'] }],
      alarmEmail: undefined,
    };

    expect(read({ ...local, stage: 'dev' }).corsOrigins).toEqual(['http://localhost:3000']);
    expect(() => read({ ...local, stage: 'prod' })).toThrow('corsOrigins: http://localhost:3000 is for the dev stage only, not prod');
  });

  it.each([
    ['a stage with capitals', { stage: 'Prod' }, 'Context stage must match'],
    [
      'a localhost callback outside dev',
      { integrators: [{ name: 'x', scopes: ['profile'], callbackUrls: ['http://localhost:3000/cb'] }] },
      'must be https and not localhost on staging',
    ],
    [
      'an http callback outside dev',
      { integrators: [{ name: 'x', scopes: ['profile'], callbackUrls: ['http://x.example.com/cb'] }] },
      'must be https',
    ],
    ['no alarm address outside dev', { alarmEmail: undefined }, 'alarmEmail is required on staging'],
    ['no origin', { corsOrigins: [] }, 'corsOrigins must list'],
    ['no integrator', { integrators: [] }, 'integrators must describe'],
    [
      'an unknown scope',
      { integrators: [{ name: 'x', scopes: ['admin'], callbackUrls: ['https://x.example.com'] }] },
      'unknown scope admin',
    ],
    [
      'an integrator without scopes',
      { integrators: [{ name: 'x', scopes: [], callbackUrls: ['https://x.example.com'] }] },
      'at least one scope',
    ],
    ['two integrators of one name', { integrators: [BASE.integrators, BASE.integrators].flat() }, 'names must be unique'],
    ['zero reserved concurrency', { reservedConcurrency: { graphql: 0 } }, 'reservedConcurrency.graphql'],
  ])('refuses %s', (_label, overrides, message) => {
    expect(() => read(overrides)).toThrow(message);
  });
});
