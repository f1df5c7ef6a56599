import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '../../local/dynamodb/free-port';
import { PROJECT_ROOT } from '../../local/paths';

/**
 * `npm start` as a developer or a process manager runs it: through npm, on
 * its own port, with its data in a temp dir. Each run starts java, so the
 * timeouts are generous (a busy 2-core machine); nothing asserts time.
 */
jest.setTimeout(300_000);

/** Alive and not a zombie (this machine's init reaps orphans late). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Every live descendant of `pid` (read from /proc: sh, node, esbuild, java and the watchdog). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found.filter(isAlive);
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

interface StartedNpm {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(port: number, dataDir: string): StartedNpm {
  // Without the harness's DYNAMODB_ENDPOINT: npm start must start its own DynamoDB Local.
  const { DYNAMODB_ENDPOINT: _harnessDynamoDb, ...env } = process.env;
  const npm = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    env: { ...env, PORT: String(port), RECONNECT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  return { npm, output: () => output, exited };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(200);
  }
  return condition();
}

describe('npm start', () => {
  let dataDir: string;
  const leftovers: number[] = [];
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconnect-start-test-'));
  });
  afterEach(() => {
    // Whatever a failed test left running is ended here, by pid.
    for (const pid of leftovers.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['SIGTERM', 'what `kill <pid>` and process managers send'],
    ['SIGKILL', 'npm killed outright: the server notices it was orphaned'],
  ] as const)(
    'stops the server and DynamoDB Local when npm gets %s (%s), leaving no process behind',
    async (signal: 'SIGTERM' | 'SIGKILL', _why: string) => {
      // prepare
      const port = await findFreePort();
      const started = npmStart(port, dataDir);
      const ready = await waitFor(() => started.output().includes('Reconnect local API'), 240_000);
      const tree = descendants(started.npm.pid as number);
      leftovers.push(...tree);
      const java = tree.filter((pid) => commandOf(pid).includes('DynamoDBLocal.jar'));

      // act
      started.npm.kill(signal);
      const allGone = await waitFor(() => tree.every((pid) => !isAlive(pid)), 60_000);

      // assert
      expect({ ready, output: ready ? 'started' : started.output() }).toEqual({ ready: true, output: 'started' });
      expect(java).toHaveLength(1);
      expect({ allGone, alive: tree.filter(isAlive).map(commandOf) }).toEqual({ allGone: true, alive: [] });
    },
  );

  it('refuses a port in use before starting java, naming the port and PORT', async () => {
    // prepare
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;

    // act
    const started = npmStart(port, dataDir);
    const code = await started.exited;
    await new Promise((resolve) => blocker.close(resolve));

    // assert
    expect(code).not.toBe(0);
    expect(started.output()).toContain(`Port ${port} is already in use`);
    expect(started.output()).toContain('PORT=');
    expect(started.output()).not.toContain('Starting DynamoDB Local');
  });
});
