import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Checks on the HTTP request itself, before Apollo (and before any token
 * check or table read): what the contract calls a client error must get a
 * clear JSON GraphQL error, never Apollo's plain-text 400 or a masked 500.
 * Both the Lambda and the local run go through it (create-handler.ts).
 */

/** Largest request body accepted: GraphQL documents are small; the biggest text field (a reflection, 20,000 characters) fits many times. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** A refused request, answered without running Apollo. */
export interface RefusedRequest {
  refused: APIGatewayProxyStructuredResultV2;
}

/** A request fit for Apollo: the body as text, never base64. */
export interface AdmittedRequest {
  event: APIGatewayProxyEventV2;
}

// fatal: invalid UTF-8 throws instead of becoming U+FFFD (a leading BOM is dropped, as by default).
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Admits a POST with an `application/json` body of at most
 * {@link MAX_REQUEST_BODY_BYTES} bytes of valid UTF-8 holding one JSON object
 * (one operation). Everything else is refused with BAD_USER_INPUT and an HTTP
 * status that says why: 405 another method, 415 another content type, 413 too
 * large, 400 invalid UTF-8, not JSON, or a batch (an array of operations).
 * OPTIONS passes through untouched: CORS preflights are the API's business.
 *
 * Invalid UTF-8 must be caught here, on the bytes: once decoded to a string
 * (JSON parsing, or `Buffer.toString`) it has become U+FFFD and is
 * indistinguishable from text the client meant.
 */
export function guardRequest(event: APIGatewayProxyEventV2): RefusedRequest | AdmittedRequest {
  const method = (event.requestContext?.http?.method ?? 'POST').toUpperCase();
  if (method === 'OPTIONS') return { event };
  if (method !== 'POST') {
    return refuse(405, `${method} is not served: send the operation as POST with a JSON body`, { allow: 'POST' });
  }
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return refuse(415, `content-type must be application/json (got ${contentType ? JSON.stringify(contentType.slice(0, 100)) : 'none'})`);
  }
  const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_REQUEST_BODY_BYTES) return refuse(413, `request body must be at most ${MAX_REQUEST_BODY_BYTES} bytes`);
  let body: string;
  try {
    body = event.isBase64Encoded ? UTF8.decode(bytes) : (event.body ?? '');
  } catch {
    return refuse(400, 'request body must be valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return refuse(400, 'request body must be one JSON object: {"query": "...", "variables": {...}}');
  }
  if (Array.isArray(parsed)) return refuse(400, 'batched operations are not served: send one operation per request');
  if (typeof parsed !== 'object' || parsed === null) {
    return refuse(400, 'request body must be one JSON object: {"query": "...", "variables": {...}}');
  }
  return { event: { ...event, body, isBase64Encoded: false } };
}

/** The value of header `name` (lower case), whatever the case the client sent it in. */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

function refuse(statusCode: number, message: string, headers: Record<string, string> = {}): RefusedRequest {
  return refuseRequest(statusCode, message, 'request', headers);
}

/** A request answered with one BAD_USER_INPUT naming `field` (the request, or one of its headers), before Apollo. */
export function refuseRequest(statusCode: number, message: string, field: string, headers: Record<string, string> = {}): RefusedRequest {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field } }] });
  return {
    refused: {
      statusCode,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
    },
  };
}
