import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { createLambdaContext } from './lambda-context';
import { DEFAULT_MAX_BODY_BYTES, readBody } from './read-body';
import { HttpError, type LocalRoute } from './route';

/** The signature of the GraphQL Lambda's exported `handler` (and of `createGraphqlHandler(config)`). */
export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

/** Options for {@link toApiGatewayEvent}. */
export interface ToEventOptions {
  /** The API Gateway route that matched, e.g. `"POST /graphql"`; default `"<METHOD> <path>"`. */
  routeKey?: string;
  requestId?: string;
  /** Injectable clock for tests. */
  now?: Date;
}

/** Options for {@link createApiGatewayRoute}. */
export interface ApiGatewayRouteOptions {
  routeKey?: string;
  /** Larger bodies get 413 before the handler runs (default 1 MB). */
  maxBodyBytes?: number;
  functionName?: string;
  /** Lambda timeout reported by `context.getRemainingTimeInMillis()`. */
  timeoutMs?: number;
}

/**
 * Content types API Gateway passes as text. Anything else arrives base64
 * encoded with `isBase64Encoded: true`, exactly as an HTTP API delivers it.
 */
const TEXT_CONTENT_TYPE = /^(text\/|application\/(json|graphql|xml|javascript|x-www-form-urlencoded)\b)|[+/](json|xml)\b/i;

/**
 * Builds the API Gateway HTTP API (payload 2.0) event for a node:http
 * request, following what API Gateway does: lower-cased header names,
 * repeated headers joined with commas, the `cookie` header moved to
 * `cookies`, `x-forwarded-*` added, non-text bodies base64 encoded.
 *
 * `requestContext.authorizer` is deliberately left undefined even when a
 * Bearer token is present: the Lambda verifies the token itself (as it
 * does behind the real JWT authorizer), so the local path must not hand it
 * pre-decoded claims that the cloud would have checked.
 */
export function toApiGatewayEvent(req: IncomingMessage, body: Buffer, options: ToEventOptions = {}): APIGatewayProxyEventV2 {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : url.slice(queryStart + 1);
  const now = options.now ?? new Date();
  const routeKey = options.routeKey ?? `${method} ${rawPath}`;
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

  const { headers, cookies } = collectHeaders(req);
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');

  const contentType = headers['content-type'] ?? '';
  const isText = TEXT_CONTENT_TYPE.test(contentType) || contentType === '';
  // Bytes that are not UTF-8 go base64 even for a text type: decoding them here
  // would turn them into U+FFFD before the handler could refuse them.
  const isBase64Encoded = body.length > 0 && (!isText || !isUtf8(body));

  const requestContext: APIGatewayEventRequestContextV2 & { authorizer?: undefined } = {
    accountId: '000000000000',
    apiId: 'local',
    domainName: headers.host ?? '127.0.0.1',
    domainPrefix: (headers.host ?? 'local').split('.')[0]?.split(':')[0] ?? 'local',
    http: {
      method,
      path: rawPath,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: options.requestId ?? randomUUID(),
    routeKey,
    stage: '$default',
    time: formatApiGatewayTime(now),
    timeEpoch: now.getTime(),
    authorizer: undefined,
  };

  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    cookies,
    headers,
    queryStringParameters: parseQuery(rawQueryString),
    requestContext,
    body: body.length === 0 ? undefined : body.toString(isBase64Encoded ? 'base64' : 'utf8'),
    isBase64Encoded,
  };
}

/**
 * Writes a Lambda proxy result to the node response as API Gateway would:
 * status, headers (plus `multiValueHeaders` if a handler sets them), cookies
 * as `set-cookie`, base64 bodies decoded. A result without `statusCode` is,
 * as in API Gateway, a 200 JSON body.
 */
export function writeApiGatewayResult(res: ServerResponse, result: APIGatewayProxyResultV2 | undefined): void {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    writeBody(res, 200, { 'content-type': 'application/json' }, Buffer.from(body, 'utf8'));
    return;
  }
  const structured = result as APIGatewayProxyStructuredResultV2 & {
    multiValueHeaders?: Record<string, Array<boolean | number | string>>;
  };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(structured.multiValueHeaders ?? {})) {
    const key = name.toLowerCase();
    const before = headers[key];
    headers[key] = [...(before === undefined ? [] : [before].flat()), ...values.map(String)];
  }
  if (structured.cookies?.length) {
    const before = headers['set-cookie'];
    headers['set-cookie'] = [...(before === undefined ? [] : [before].flat()), ...structured.cookies];
  }
  const body = Buffer.from(structured.body ?? '', structured.isBase64Encoded ? 'base64' : 'utf8');
  writeBody(res, structured.statusCode ?? 200, headers, body);
}

/**
 * A local route that invokes a Lambda handler the way API Gateway does:
 * request → event (with a 413 for oversized bodies, before the handler
 * runs), handler, result → response. A throwing handler gives API Gateway's
 * own 500 `{"message":"Internal Server Error"}`; the error is logged here.
 */
export function createApiGatewayRoute(handler: LambdaHttpHandler, options: ApiGatewayRouteOptions = {}): LocalRoute {
  return async (req, res) => {
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    } catch (error) {
      const status = error instanceof HttpError ? error.statusCode : 400;
      // API Gateway's answer for an oversized payload has this shape too.
      writeBody(res, status, { 'content-type': 'application/json', connection: 'close' }, jsonMessage(error));
      return;
    }
    const event = toApiGatewayEvent(req, body, { routeKey: options.routeKey });
    const context = createLambdaContext({
      functionName: options.functionName,
      timeoutMs: options.timeoutMs,
      awsRequestId: event.requestContext.requestId,
    });
    let result: APIGatewayProxyResultV2;
    try {
      result = await handler(event, context);
    } catch (error) {
      console.error(`[local] handler threw for ${event.routeKey}:`, error);
      writeBody(res, 500, { 'content-type': 'application/json' }, Buffer.from('{"message":"Internal Server Error"}'));
      return;
    }
    writeApiGatewayResult(res, result);
  };
}

function collectHeaders(req: IncomingMessage): { headers: Record<string, string>; cookies: string[] | undefined } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  // rawHeaders keeps repeats that node would otherwise merge its own way.
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] as string).toLowerCase();
    const value = req.rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies: cookies.length ? cookies : undefined };
}

function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return params;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time` format: `12/Mar/2020:19:03:58 +0000`. */
function formatApiGatewayTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function jsonMessage(error: unknown): Buffer {
  const message = error instanceof Error ? error.message : 'Bad Request';
  return Buffer.from(JSON.stringify({ message }), 'utf8');
}

function writeBody(res: ServerResponse, statusCode: number, headers: Record<string, string | string[]>, body: Buffer): void {
  res.writeHead(statusCode, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Buffer): boolean {
  try {
    STRICT_UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
