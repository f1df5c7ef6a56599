import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
  const index = path.join(DASHBOARD_DIR, 'dist', 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (built >= newestSourceMtime(DASHBOARD_DIR)) return;
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
