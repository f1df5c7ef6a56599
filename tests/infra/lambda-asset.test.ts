import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { LAMBDA_ENTRIES } from '../../infra/bundling';
import { createProjectFunction, SOURCE_MAP_DIR } from '../../infra/constructs/project-function';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * One Lambda bundled for real, as `cdk synth` bundles every function
 * (createProjectFunction: local esbuild, the after-bundling hook): the asset
 * that would be uploaded holds the code and no source map. The smallest
 * entry keeps it to a few seconds; the hook is the same for every function.
 */
describe('Lambda asset', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'reconnect-asset-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('ships the bundle without its source map, which is kept under cdk.out/source-maps', () => {
    // prepare
    const name = 'asset-check';
    const kept = path.join(REPO_ROOT, SOURCE_MAP_DIR, `${name}.mjs.map`);
    rmSync(kept, { force: true });
    const app = new App({ outdir });
    const stack = new Stack(app, 'Asset', { env: { region: 'eu-central-1' } });
    createProjectFunction(stack, {
      name,
      entry: path.join(REPO_ROOT, LAMBDA_ENTRIES.webhookRetry),
      memorySize: 128,
      timeout: Duration.seconds(3),
      environment: {},
      reservedConcurrency: 1,
      logKey: new kms.Key(stack, 'LogKey'),
    });

    // act
    app.synth();

    // assert
    const assets = readdirSync(outdir).filter((entry) => entry.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const files = readdirSync(path.join(outdir, assets[0]!), { recursive: true }).map(String);
    expect(files).toContain('index.mjs');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(existsSync(kept)).toBe(true);
  }, 120_000);
});
