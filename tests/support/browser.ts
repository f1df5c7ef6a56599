import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

/** The flags every browser test launches Debian's chromium with (no sandbox as root, nothing fetched from outside). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The chromium on PATH (Debian's package; .ci/run installs it where missing). */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  try {
    return (
      execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0] ?? ''
    );
  } catch {
    throw new Error('No chromium on PATH: apt-get install -y chromium (or set CHROMIUM_PATH); .ci/run installs it');
  }
}

/** Launches headless chromium through playwright-core (never playwright's own browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 120_000 });
}
