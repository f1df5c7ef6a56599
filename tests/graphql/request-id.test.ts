import { createGraphqlHandler } from '../../functions/graphql/create-handler';
import { testAppConfig } from '../support/app-config';
import { captureLogs, withLogLevelInfo, type CapturedLogs } from '../support/captured-logs';
import { apiGatewayEvent, createTestApi, type TestApi } from '../support/test-api';
import { tokenFor } from '../support/tokens';

/** What a client sees and what the logs hold for one request, by the id the client was given. */
async function send(handler: TestApi['handler'], body: unknown, headers: Record<string, string>) {
  const event = apiGatewayEvent(JSON.stringify(body), headers);
  const result = await handler(event, { awsRequestId: 'lambda-invocation-1', getRemainingTimeInMillis: () => 10_000 } as never);
  const parsed = JSON.parse(result.body ?? '{}') as { errors?: { extensions?: Record<string, unknown> }[] };
  return { sentRequestId: event.requestContext.requestId, headerId: result.headers?.['x-request-id'], errors: parsed.errors ?? [] };
}

describe('request ids', () => {
  let api: TestApi;
  let logs: CapturedLogs;
  beforeAll(async () => {
    api = await withLogLevelInfo(() => createTestApi('request-id'));
  });
  afterAll(async () => {
    await api.drop();
  });
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('answers API Gateway’s request id in x-request-id and tags the operation log line with it', async () => {
    // prepare
    const token = await tokenFor('traced');

    // act
    const response = await send(api.handler, { query: '{ me { scopes } }' }, { authorization: `Bearer ${token}` });

    // assert
    expect(response.errors).toEqual([]);
    expect(response.headerId).toBe(response.sentRequestId);
    const line = logs.entries().find((e) => e.message === 'graphql operation');
    expect(line).toMatchObject({ requestId: response.sentRequestId, lambdaRequestId: 'lambda-invocation-1' });
  });

  it('puts the request id into an UNAUTHENTICATED error and logs the refusal under it', async () => {
    // act
    const response = await send(api.handler, { query: '{ me { scopes } }' }, {});

    // assert
    expect(response.errors[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', requestId: response.sentRequestId });
    expect(response.headerId).toBe(response.sentRequestId);
    expect(logs.entries().find((e) => e.message === 'graphql request refused')).toMatchObject({ requestId: response.sentRequestId });
  });

  it('puts the request id into INTERNAL_SERVER_ERROR and into the log line that holds the cause', async () => {
    // prepare: a handler whose table does not exist, so DynamoDB itself fails
    const broken = await withLogLevelInfo(() =>
      createGraphqlHandler(testAppConfig({ tableName: 'missing-table-for-request-id', endpoint: api.table.endpoint })),
    );
    const token = await tokenFor('traced-failure');

    // act
    const response = await send(
      broken,
      { query: 'mutation { createCouple(input: {}) { couple { id } } }' },
      { authorization: `Bearer ${token}` },
    );

    // assert
    expect(response.errors[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: response.sentRequestId });
    expect(response.headerId).toBe(response.sentRequestId);
    const cause = logs.entries().find((e) => e.message === 'Unhandled error');
    expect(cause).toMatchObject({ requestId: response.sentRequestId, level: 'error' });
    expect(JSON.stringify(cause)).toContain('ResourceNotFound');
  });

  it('puts the request id into validation errors of the operation itself', async () => {
    // prepare
    const token = await tokenFor('traced-typo');

    // act
    const response = await send(api.handler, { query: '{ me { noSuchField } }' }, { authorization: `Bearer ${token}` });

    // assert
    expect(response.errors[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: response.sentRequestId });
  });

  it('puts the request id into a request the guard refuses before Apollo, and logs the refusal', async () => {
    // act
    const response = await send(api.handler, { query: '{ me { scopes } }' }, { 'content-type': 'text/plain' });

    // assert
    expect(response.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', requestId: response.sentRequestId });
    expect(response.headerId).toBe(response.sentRequestId);
    expect(logs.entries().find((e) => e.message === 'graphql request refused')).toMatchObject({
      requestId: response.sentRequestId,
      statusCode: 415,
    });
  });
});
