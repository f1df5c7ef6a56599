import fs from 'node:fs';
import path from 'node:path';
import { newLocalMasterKey } from '../../functions/shared/secrets/local-data-keys';
import { LOCAL_DATA_DIR } from '../paths';

/** The local run's stand-in for the KMS key of webhook signing secrets (git-ignored, like all of .data/). */
export const LOCAL_SECRETS_KEY_FILE = path.join(LOCAL_DATA_DIR, 'local-secrets', 'master.key');

/**
 * The local master key, created on first use and kept so that webhooks made
 * in an earlier run can still be signed (their secrets were sealed with it).
 * Readable by the owner only. `LOCAL_SECRETS_KEY` in the environment wins.
 */
export function loadOrCreateLocalMasterKey(file = LOCAL_SECRETS_KEY_FILE): string {
  if (process.env.LOCAL_SECRETS_KEY) return process.env.LOCAL_SECRETS_KEY;
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = newLocalMasterKey();
  // 'wx': two starts racing never overwrite each other's key.
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return fs.readFileSync(file, 'utf8').trim();
  }
  return key;
}
