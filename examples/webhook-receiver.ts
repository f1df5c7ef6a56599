/**
 * A webhook receiver that does what every subscriber should: verify the
 * Standard Webhooks signature with the `standardwebhooks` package (any
 * signature in `webhook-signature` may match, which is how a secret rotation's
 * grace period works), refuse stale timestamps (the package allows 5 minutes),
 * deduplicate by `webhook-id` (retries and redeliveries reuse it), and answer
 * 2xx quickly.
 *
 *     WEBHOOK_SECRET=whsec_... PORT=4800 npx tsx examples/webhook-receiver.ts
 *
 * then point a webhook at http://127.0.0.1:4800/hook (loopback is allowed in
 * the local run only).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** A verified delivery. */
export interface ReceivedWebhook {
  id: string;
  type: string;
  test: boolean;
  data: Record<string, string>;
  /** How many signatures the header carried (2 during a rotation's grace period). */
  signatures: number;
  /** How many times it arrived (a retry whose answer was lost, a redelivery): handled once, acknowledged each time. */
  times: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  /** Verified deliveries, one per webhook-id (its `times` counts arrivals). */
  received: ReceivedWebhook[];
  /** Requests refused with 401 (bad or missing signature). */
  rejected: number;
  /** Secrets tried in turn; add the new one when you rotate. */
  secrets: string[];
  /** Resolves with the first verified delivery matching `predicate` (waits up to `timeoutMs`). */
  waitFor(predicate: (webhook: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

/** Verifies with each secret in turn; the payload, or null when none verifies. */
function verify(secrets: readonly string[], body: string, headers: http.IncomingHttpHeaders): Record<string, unknown> | null {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') plain[name] = value;
  for (const secret of secrets) {
    try {
      return new Webhook(secret).verify(body, plain) as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
    }
  }
  return null;
}

/** Starts the receiver on 127.0.0.1 (`port` 0 picks a free one). */
export async function startWebhookReceiver(options: { secrets?: string[]; port?: number; log?: (line: string) => void } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const log = options.log ?? (() => undefined);
  const receiver = { received, rejected: 0, secrets: options.secrets ?? [] } as WebhookReceiver;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const payload = verify(receiver.secrets, body, req.headers);
      if (!payload) {
        receiver.rejected += 1;
        log(`refused a request without a valid signature (webhook-id ${String(req.headers['webhook-id'])})`);
        res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid signature');
        return;
      }
      const id = String(req.headers['webhook-id']);
      const earlier = received.find((w) => w.id === id);
      if (earlier) earlier.times += 1;
      else {
        const webhook: ReceivedWebhook = {
          id,
          type: String(payload.type),
          test: payload.test === true,
          data: payload.data as Record<string, string>,
          signatures: String(req.headers['webhook-signature']).split(' ').length,
          times: 1,
        };
        received.push(webhook);
        log(`${webhook.type}${webhook.test ? ' (test)' : ''} ${id} ${JSON.stringify(webhook.data)}`);
      }
      for (const wake of waiters.splice(0)) wake();
      // A duplicate (a retry whose 2xx we sent but they did not get) is acknowledged again.
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.waitFor = async (predicate, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No matching webhook within ${timeoutMs} ms (got ${received.map((r) => r.type).join(', ') || 'none'})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

if (require.main === module) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error('Set WEBHOOK_SECRET to the whsec_ secret createWebhook returned.');
    process.exit(1);
  }
  startWebhookReceiver({ secrets: [secret], port: Number(process.env.PORT || 4800), log: (line) => console.log(line) }).then((receiver) =>
    console.log(`Receiving webhooks on ${receiver.url} (Ctrl-C stops)`),
  );
}
