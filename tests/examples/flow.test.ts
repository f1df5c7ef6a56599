import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { runFlow, type FlowResult } from '../../examples/flow';
import { startWebhookReceiver, type WebhookReceiver } from '../../examples/webhook-receiver';
import { createLocalDynamoDbClient } from '../../local/dynamodb/client';
import { findFreePort } from '../../local/dynamodb/free-port';
import { HARNESS_ENV, harnessEnv } from '../support/harness-env';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The examples run as a developer runs them: `local/start.ts` (what
 * `npm start` runs) as a child process on a free port, against the test run's
 * DynamoDB Local with a table of its own, then examples/flow.ts with its
 * typed client and examples/webhook-receiver.ts verifying every signature
 * with the `standardwebhooks` package. A schema change that breaks an
 * example fails here (or in tsc, through the generated client).
 */
describe('examples against the local run', () => {
  const endpoint = harnessEnv(HARNESS_ENV.dynamodbEndpoint);
  const tableName = `examples-${process.pid}-${randomBytes(4).toString('hex')}`;
  let server: ChildProcess;
  let output = '';
  let receiver: WebhookReceiver;
  let result: FlowResult;

  beforeAll(async () => {
    const port = await findFreePort();
    server = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'local/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const ready = /GraphQL\s+POST (http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output);
        if (ready?.[1]) resolve(ready[1]);
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      server.once('exit', (code) => reject(new Error(`local/start.ts exited (${code}) before serving:\n${output}`)));
    });
    receiver = await startWebhookReceiver();
    result = await runFlow({ baseUrl, receiver });
  }, 180_000);

  afterAll(async () => {
    await receiver?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    const client = createLocalDynamoDbClient(endpoint);
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
  }, 60_000);

  it('forms a couple, plans, and holds a whole session with the reveal', () => {
    expect(result.coupleStatus).toBe('ACTIVE');
    expect(result.promptCount).toBe(2);
    // Alice sees both answers of both prompts once she answered: 2 prompts × 2 partners.
    expect(result.revealedAnswers).toBe(4);
    expect(result.sessionStatus).toBe('COMPLETED');
  });

  it('reads the shared reflection, the health it moved and the reminder the sweep created', () => {
    expect(result.reflectionClosenessSeen).toBe(8);
    // The write was retried with the same Idempotency-Key through the local server: one reflection.
    expect(result.reflectionsAfterRetry).toBe(1);
    expect(result.retryOutcome).toBe('already applied');
    expect(result.health).toMatchObject({ sessionsLast30Days: 1, daysSinceLastReconnect: 0 });
    expect(result.reminderKinds).toEqual(['RECONNECT_DUE']);
    expect(result.acknowledged).toBe('ACKNOWLEDGED');
  });

  it('receives every event as a webhook whose signature the standardwebhooks package verifies', () => {
    expect(result.rejectedByReceiver).toBe(0);
    expect(result.webhooks.map((w) => `${w.type}${w.test ? ' (test)' : ''}`)).toEqual([
      'SESSION_COMPLETED (test)',
      'SESSION_COMPLETED',
      'REFLECTION_SHARED',
      'RECONNECT_REMINDER_DUE',
      'REFLECTION_SHARED (test)',
    ]);
    expect(result.webhooks.find((w) => w.type === 'SESSION_COMPLETED' && !w.test)?.data.coupleId).toBe(result.coupleId);
  });

  it('lists the deliveries with their attempts, redelivers one, and signs twice during a rotation', () => {
    expect(result.deliveries.map((d) => [d.event, d.status, d.test])).toEqual(
      expect.arrayContaining([
        ['SESSION_COMPLETED', 'DELIVERED', true],
        ['SESSION_COMPLETED', 'DELIVERED', false],
        ['REFLECTION_SHARED', 'DELIVERED', false],
      ]),
    );
    expect(result.deliveries.every((d) => d.attempts >= 1 && d.firstResponseStatus === 204)).toBe(true);
    expect(result.redeliveredTimes).toBe(2);
    expect(result.signaturesDuringGrace).toBe(2);
  });

  it('creates a practice whose grant becomes active only with both partners’ consent, at the narrower scope', () => {
    expect(result.practice.creatorRole).toBe('ADMIN');
    expect(result.practice.grantAfterFirst.active).toBe(false);
    expect(result.practice.grantAfterBoth).toEqual({ active: true, scope: 'SUMMARY', grantedBy: ['Alice', 'Ben'] });
  });

  it('lists the couple on the caseload, assigns homework the partners see, and logs the practice’s reads for them', () => {
    expect(result.practice.caseload).toEqual({ totalCount: 1, scope: 'SUMMARY', driftRisk: result.health.driftRisk });
    expect(result.practice.assignment).toEqual({
      status: 'OPEN',
      promptText: expect.stringContaining('cared for'),
      note: 'Talk about it on Sunday.',
      assignedBy: 'Dr. Carol',
    });
    expect(result.practice.openAssignmentsSeenByPartner).toEqual([
      { promptText: result.practice.assignment.promptText, practice: result.practice.practiceName },
    ]);
    expect(result.practice.accessLog.length).toBeGreaterThan(0);
    expect(result.practice.accessLog.every((e) => e.actor === 'Dr. Carol' && e.practice === result.practice.practiceName)).toBe(true);
    expect(result.practice.accessLog.map((e) => e.action)).toContain('HEALTH');
  });

  it('takes the couple off the caseload at once when a partner revokes the grant', () => {
    expect(result.practice.caseloadAfterRevoke).toBe(0);
  });
});
