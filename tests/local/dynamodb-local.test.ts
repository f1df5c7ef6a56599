import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createLocalDynamoDbClient } from '../../local/dynamodb/client';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { assertJavaVersion, checkJava, parseJavaMajorVersion } from '../../local/dynamodb/java-version';

const OPENJDK_17 = `openjdk version "17.0.15" 2025-04-15
OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)
OpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)`;
const OPENJDK_21 = 'openjdk version "21" 2023-09-19\nOpenJDK Runtime Environment (build 21+35)';
const OPENJDK_11 = 'openjdk version "11.0.22" 2024-01-16\nOpenJDK Runtime Environment (build 11.0.22+7)';
const ORACLE_8 = 'java version "1.8.0_381"\nJava(TM) SE Runtime Environment (build 1.8.0_381-b09)';

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

async function waitUntilDead(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

describe('Java check', () => {
  it.each([
    [OPENJDK_17, 17],
    [OPENJDK_21, 21],
    [OPENJDK_11, 11],
    [ORACLE_8, 8],
    [`Picked up JAVA_TOOL_OPTIONS: -Xmx1g\n${OPENJDK_17}`, 17],
    ['bash: java: command not found', undefined],
  ])('reads the major version from %j', (output, expected) => {
    // act
    const major = parseJavaMajorVersion(output);

    // assert
    expect(major).toBe(expected);
  });

  it('accepts Java 17 and newer', () => {
    // act + assert
    expect(assertJavaVersion(OPENJDK_17)).toBe(17);
    expect(assertJavaVersion(OPENJDK_21)).toBe(21);
  });

  it.each([
    ['missing', undefined, 'no java command on PATH'],
    ['Java 11', OPENJDK_11, 'Java 11'],
    ['Java 8', ORACLE_8, 'Java 8'],
  ])('refuses %s with a one-line message saying what to do', (_label, output, found) => {
    // act
    let message = '';
    try {
      assertJavaVersion(output);
    } catch (error) {
      message = (error as Error).message;
    }

    // assert
    expect(message).not.toBe('');
    expect(message).not.toContain('\n');
    expect(message).toContain('Java 17+');
    expect(message).toContain(found);
    expect(message).toContain('apt-get install openjdk-17-jre-headless');
    expect(message).toContain('DYNAMODB_ENDPOINT');
  });

  it('reports a java command that cannot be run as missing', () => {
    // act
    const attempt = (): number => checkJava(path.join(os.tmpdir(), 'no-such-dir', 'java'));

    // assert
    expect(attempt).toThrow(/^DynamoDB Local needs Java 17\+ \(found: no java command on PATH\)/);
  });
});

describe('startDynamoDbLocal', () => {
  it('keeps data under dbPath across a restart and stops java', async () => {
    // prepare
    const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'ddb-local-test-'));
    const first = await startDynamoDbLocal({ dbPath });
    const firstClient = createLocalDynamoDbClient(first.endpoint);
    await firstClient.send(
      new CreateTableCommand({
        TableName: 'persisted',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    firstClient.destroy();

    // act
    await first.stop();
    const firstGone = !isAlive(first.pid);
    const second = await startDynamoDbLocal({ dbPath });
    const secondClient = createLocalDynamoDbClient(second.endpoint);
    const { TableNames } = await secondClient.send(new ListTablesCommand({}));
    secondClient.destroy();
    await second.stop();

    // assert
    expect(first.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(firstGone).toBe(true);
    expect(TableNames).toEqual(['persisted']);
    expect(isAlive(second.pid)).toBe(false);
    expect(fs.readdirSync(dbPath)).toContain('shared-local-instance.db');
    fs.rmSync(dbPath, { recursive: true, force: true });
    // Two java starts: generous on a busy 2-core machine (it timed out at the default 30 s under a full run).
  }, 120_000);
});

describe('watchdog', () => {
  it('kills the target process once its parent is killed', async () => {
    // prepare: a parent that starts a long-lived target and the watchdog, as startDynamoDbLocal does
    const watchdog = path.resolve(__dirname, '../../local/dynamodb/watchdog.js');
    const parentScript = `
      const { spawn } = require('node:child_process');
      const target = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      spawn(process.execPath, [${JSON.stringify(watchdog)}, String(process.pid), String(target.pid)], {
        detached: true, stdio: 'ignore',
      }).unref();
      console.log(target.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const targetPid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d))));
    try {
      await sleep(700); // let the watchdog make at least one poll with the parent alive
      const aliveWithParent = isAlive(targetPid);

      // act
      parent.kill('SIGKILL');
      // Generous: node processes start slowly on a busy machine; the wait ends as soon as the target is gone.
      const died = await waitUntilDead(targetPid, 30_000);

      // assert
      expect(aliveWithParent).toBe(true);
      expect(died).toBe(true);
    } finally {
      // Never leave the target behind when an expectation failed.
      parent.kill('SIGKILL');
      if (isAlive(targetPid)) process.kill(targetPid, 'SIGKILL');
    }
  });
});
