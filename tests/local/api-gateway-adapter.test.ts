import http from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { createApiGatewayRoute, type LambdaHttpHandler } from '../../local/http/api-gateway-adapter';
import { listen } from '../../local/server';
import { httpRequest } from '../support/http-request';

interface Invocation {
  event: APIGatewayProxyEventV2;
  context: Context;
  /** getRemainingTimeInMillis() as the handler started (read later, it would depend on how long the test took). */
  remainingAtStart: number;
}

/** Serves one adapter route whose handler records each invocation and returns `respond(event)`. */
async function serve(
  respond: (event: APIGatewayProxyEventV2) => APIGatewayProxyResultV2 | Promise<APIGatewayProxyResultV2>,
  options: { maxBodyBytes?: number } = {},
): Promise<{ url: string; calls: Invocation[]; close: () => Promise<void> }> {
  const calls: Invocation[] = [];
  const handler: LambdaHttpHandler = async (event, context) => {
    calls.push({ event, context, remainingAtStart: context.getRemainingTimeInMillis() });
    return respond(event);
  };
  const route = createApiGatewayRoute(handler, { routeKey: 'POST /graphql', ...options });
  const server = http.createServer((req, res) => void route(req, res));
  const url = await listen(server);
  return { url, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const echo = (event: APIGatewayProxyEventV2): APIGatewayProxyResultV2 => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(event),
});

describe('API Gateway adapter', () => {
  it('builds an HTTP API v2 event from the request', async () => {
    // prepare
    const app = await serve(echo);
    const body = JSON.stringify({ query: '{ __typename }' });

    // act
    const sent = Date.now();
    const response = await httpRequest(`${app.url}/graphql?a=1&a=2&b=x%20y`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer abc.def.ghi',
        'X-Repeated': ['one', 'two'],
        Cookie: 'session=s1; theme=dark',
        'User-Agent': 'adapter-test/1.0',
      },
      body,
    });
    const answered = Date.now();
    await app.close();

    // assert
    expect(response.status).toBe(200);
    expect(app.calls).toHaveLength(1);
    const { event, context, remainingAtStart } = app.calls[0] as Invocation;
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /graphql');
    expect(event.rawPath).toBe('/graphql');
    expect(event.rawQueryString).toBe('a=1&a=2&b=x%20y');
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x y' });
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.authorization).toBe('Bearer abc.def.ghi');
    expect(event.headers['x-repeated']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['session=s1', 'theme=dark']);
    expect(event.requestContext.http).toEqual({
      method: 'POST',
      path: '/graphql',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'adapter-test/1.0',
    });
    expect(event.requestContext.routeKey).toBe('POST /graphql');
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    // Taken while the request was handled (a bracket, not a tolerance).
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(sent);
    expect(event.requestContext.timeEpoch).toBeLessThanOrEqual(answered);
    // The Lambda verifies the bearer token itself: the adapter must not pre-decode it.
    expect('authorizer' in event.requestContext).toBe(true);
    expect((event.requestContext as { authorizer?: unknown }).authorizer).toBeUndefined();
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
    expect(context.awsRequestId).toBe(event.requestContext.requestId);
    expect(remainingAtStart).toBeGreaterThan(0);
  });

  it('base64-encodes a binary body and leaves an empty body undefined', async () => {
    // prepare
    const app = await serve(echo);
    const bytes = Buffer.from([0, 1, 2, 250, 255]);

    // act
    await httpRequest(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    await httpRequest(`${app.url}/graphql`, { method: 'POST' });
    await app.close();

    // assert
    const [binary, empty] = app.calls.map((call) => call.event);
    expect(binary?.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary?.body ?? '', 'base64')).toEqual(bytes);
    expect(empty?.body).toBeUndefined();
    expect(empty?.isBase64Encoded).toBe(false);
  });

  it('writes status, headers, multi-value headers, cookies and body back', async () => {
    // prepare
    const app = await serve(
      () =>
        ({
          statusCode: 201,
          headers: { 'Content-Type': 'application/json', 'X-Echo': 'yes', 'X-Count': 3 },
          multiValueHeaders: { 'X-Multi': ['m1', 'm2'] },
          cookies: ['s=1; HttpOnly', 't=2'],
          body: '{"ok":true}',
        }) as APIGatewayProxyResultV2,
    );

    // act
    const response = await httpRequest(`${app.url}/graphql`, { method: 'POST', body: '{}' });
    await app.close();

    // assert
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-echo']).toBe('yes');
    expect(response.headers['x-count']).toBe('3');
    expect(response.headers['x-multi']).toBe('m1, m2');
    expect(response.headers['set-cookie']).toEqual(['s=1; HttpOnly', 't=2']);
    expect(response.json).toEqual({ ok: true });
  });

  it('decodes a base64 result body', async () => {
    // prepare
    const bytes = Buffer.from([9, 8, 7, 0, 255]);
    const app = await serve(() => ({ statusCode: 200, body: bytes.toString('base64'), isBase64Encoded: true }));

    // act
    const response = await httpRequest(`${app.url}/graphql`, { method: 'POST', body: '{}' });
    await app.close();

    // assert
    expect(response.body).toEqual(bytes);
  });

  it('answers 413 without calling the handler when the body exceeds the limit', async () => {
    // prepare
    const app = await serve(echo, { maxBodyBytes: 1024 });

    // act
    const response = await httpRequest(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'x'.repeat(2048) }),
    });
    await app.close();

    // assert
    expect(response.status).toBe(413);
    expect(response.json).toEqual({ message: expect.stringContaining('1024') });
    expect(app.calls).toHaveLength(0);
  });

  it("answers API Gateway's 500 when the handler throws", async () => {
    // prepare
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = await serve(() => {
      throw new Error('boom');
    });

    // act
    const response = await httpRequest(`${app.url}/graphql`, { method: 'POST', body: '{}' });
    await app.close();
    const loggedErrors = logged.mock.calls.length;
    logged.mockRestore();

    // assert
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ message: 'Internal Server Error' });
    expect(loggedErrors).toBeGreaterThan(0);
  });
});
