import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

/** One request a test receiver got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers: a status, a status with headers, or nothing at all ('hang'). */
export type ReceiverAnswer = number | 'hang' | { status: number; headers?: Record<string, string>; body?: string };

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** `${baseUrl}/hook` */
  url: string;
  requests: ReceivedRequest[];
  /** TCP connections accepted (to prove that a refused attempt never connected). */
  connections: number;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) standing in for a subscriber:
 * `answer` decides each response from the request and its index.
 */
export async function startReceiver(answer: (request: ReceivedRequest, index: number) => ReceiverAnswer): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = requests.push(request) - 1;
      const reply = answer(request, index);
      if (reply === 'hang') return;
      const { status, headers, body } = typeof reply === 'number' ? { status: reply, headers: {}, body: undefined } : reply;
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    url: `${baseUrl}/hook`,
    requests,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The Standard Webhooks check written out by hand, independent of the
 * `standardwebhooks` package the API signs with: base64 HMAC-SHA256, keyed
 * with the bytes after `whsec_`, over `{id}.{timestamp}.{body}`, sent as
 * `v1,<signature>` (possibly among several space-separated signatures).
 */
export function verifyStandardWebhook(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!secret.startsWith('whsec_')) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return signatures.split(' ').includes(`v1,${expected}`);
}
