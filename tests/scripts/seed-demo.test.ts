import { seedDemo, type SeedResult } from '../../scripts/demo/seed-demo';
import { STORIES } from '../../scripts/demo/demo-stories';
import { startLocalStack, type LocalStack } from '../support/local-stack';

/**
 * The demo couples' histories, replayed through the public API of a local
 * server (with its clock moved through 90 days), must show every drift level
 * and every drift signal: that is what the dashboard is demonstrated with.
 */
describe('seed:demo couples (histories only)', () => {
  let stack: LocalStack;
  let result: SeedResult;

  beforeAll(async () => {
    stack = await startLocalStack('seed-demo');
    result = await seedDemo({ baseUrl: stack.baseUrl, practice: false });
  }, 300_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('makes a dozen couples whose health shows every drift level and every signal', () => {
    // assert
    const risks = new Set(result.couples.map((c) => c.health.driftRisk));
    const signals = new Set(result.couples.flatMap((c) => c.health.driftSignals));
    expect(result.couples).toHaveLength(STORIES.length);
    expect(result.couples.length).toBeGreaterThanOrEqual(12);
    expect([...risks].sort()).toEqual(['HIGH', 'LOW', 'MEDIUM']);
    expect([...signals].sort()).toEqual([
      'CLOSENESS_DECLINING',
      'IGNORED_REMINDERS',
      'LOW_CLOSENESS',
      'ONE_SIDED_PARTICIPATION',
      'OVERDUE_RECONNECT',
    ]);
  });

  it('gives each couple the level and signals its story was written for', () => {
    // assert
    const actual = result.couples.map((c) => ({ key: c.key, risk: c.health.driftRisk, signals: [...c.health.driftSignals].sort() }));
    const intended = result.couples.map((c) => ({ key: c.key, risk: c.intent.risk, signals: [...c.intent.signals].sort() }));
    expect(actual).toEqual(intended);
  });

  it('puts the local clock back to the system time when it is done', async () => {
    // assert
    expect(stack.clock.shifted).toBe(false);
  });
});
