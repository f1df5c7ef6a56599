import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_BODY_BYTES, readBody } from './read-body';
import { HttpError, type LocalRoute } from './route';

/** Writes `body` as a JSON response. */
export function sendJson(res: ServerResponse, statusCode: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length });
  res.end(payload);
}

/**
 * Reads and parses a JSON request body; an empty body reads as `{}` so that
 * routes whose fields are all optional can be called with a bare POST.
 *
 * @throws HttpError 400 on malformed JSON, 413 when too large
 */
export async function readJsonBody(req: IncomingMessage, limitBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const text = (await readBody(req, limitBytes)).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON');
  }
}

/**
 * Builds a local route from a function of the parsed JSON body: its return
 * value is sent as 200 JSON; a thrown HttpError becomes that status with
 * `{ "error": message }`. Local helper routes (`/local/token`, later
 * `/local/reminders/sweep`) are one line each with it.
 */
export function jsonRoute(fn: (body: unknown) => unknown): LocalRoute {
  return async (req, res) => {
    try {
      sendJson(res, 200, await fn(await readJsonBody(req)));
    } catch (error) {
      if (error instanceof HttpError) sendJson(res, error.statusCode, { error: error.message });
      else throw error;
    }
  };
}
