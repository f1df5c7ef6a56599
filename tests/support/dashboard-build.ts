import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the dashboard's browser tests write a screenshot of each screen (git-ignored; README "Counselor dashboard"). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'dashboard');

const DASHBOARD_DIR = path.resolve(__dirname, '..', '..', 'dashboard');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Rebuilds the dashboard when a source file is newer than the build (npm ci
 * builds it; this keeps a developer's edited sources and the tested build the same).
 */
export function ensureDashboardBuilt(): void {
  if (isFresh()) return;
  // Two browser suites in two jest workers would otherwise build into the same dist/ at once (Vite empties it first).
  withBuildLock(() => {
    if (!isFresh()) build();
  });
}

function isFresh(): boolean {
  const index = path.join(DASHBOARD_DIR, 'dist', 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  return built >= newestSourceMtime(DASHBOARD_DIR);
}

/** A lock beside the system's temp files (not in dashboard/, whose mtimes decide freshness); a lock older than 5 minutes is a dead build's. */
function withBuildLock(fn: () => void): void {
  const lock = path.join(
    os.tmpdir(),
    `reconnect-dashboard-build-${createHash('sha256').update(DASHBOARD_DIR).digest('hex').slice(0, 12)}.lock`,
  );
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(pause, 0, 0, 250);
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function build(): void {
  execFileSync(
    process.execPath,
    [
      path.resolve(DASHBOARD_DIR, '..', 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      path.join(DASHBOARD_DIR, 'vite.config.mts'),
      '--logLevel',
      'warn',
    ],
    {
      cwd: path.resolve(DASHBOARD_DIR, '..'),
      stdio: 'inherit',
    },
  );
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}
