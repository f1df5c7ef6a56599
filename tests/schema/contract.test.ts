import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Contract parts (shared/contract/NN-*.graphql) this project has implemented so far. */
const IMPLEMENTED_PARTS = ['01', '02', '03', '04', '05', '07'];

const ROOT = join(__dirname, '..', '..');
const CHECKER = join(ROOT, '..', 'shared', 'tools', 'check-contract.mjs');

describe('API contract', () => {
  it(`honours contract parts ${IMPLEMENTED_PARTS.join(', ')}`, () => {
    // prepare
    if (!existsSync(CHECKER)) throw new Error(`The contract checker is missing at ${CHECKER}: clone next to shared/`);

    // act
    let output = '';
    let exitCode = 0;
    try {
      output = execFileSync(process.execPath, [CHECKER, '--parts', IMPLEMENTED_PARTS.join(',')], { cwd: ROOT, encoding: 'utf8' });
    } catch (error) {
      const failure = error as { status: number; stdout: string };
      exitCode = failure.status;
      output = failure.stdout;
    }

    // assert
    expect(output).toMatch(/0 missing or changed/);
    expect(exitCode).toBe(0);
  });
});
