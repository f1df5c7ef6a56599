import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateLocalMasterKey } from '../../local/secrets/local-master-key';

describe('local master key of sealed secrets', () => {
  const saved = process.env.LOCAL_SECRETS_KEY;
  let dir: string;
  beforeEach(() => {
    delete process.env.LOCAL_SECRETS_KEY;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconnect-local-key-'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.LOCAL_SECRETS_KEY;
    else process.env.LOCAL_SECRETS_KEY = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is created once, 32 bytes, readable by the owner only, and the same on the next start', () => {
    // prepare
    const file = path.join(dir, 'local-secrets', 'master.key');

    // act
    const first = loadOrCreateLocalMasterKey(file);
    const second = loadOrCreateLocalMasterKey(file);

    // assert
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect(second).toBe(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('takes LOCAL_SECRETS_KEY from the environment instead of the file', () => {
    process.env.LOCAL_SECRETS_KEY = 'from-env';
    expect(loadOrCreateLocalMasterKey(path.join(dir, 'none.key'))).toBe('from-env');
    expect(fs.existsSync(path.join(dir, 'none.key'))).toBe(false);
  });
});
