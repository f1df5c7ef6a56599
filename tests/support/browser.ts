import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where the browser tests write a screenshot of each screen (git-ignored; README "Counselor dashboard"). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'dashboard');

/**
 * Debian's chromium (or CHROMIUM_PATH). Playwright's own browser download
 * does not work here, so a missing browser fails the test with the command
 * that installs it (.ci/run installs it where missing).
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('No chromium found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

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
