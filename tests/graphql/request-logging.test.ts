import { createTestApi, type TestApi } from '../support/test-api';

describe('request logging', () => {
  let api: TestApi;
  let lines: string[];
  const originalLevel = process.env.LOG_LEVEL;
  beforeAll(async () => {
    process.env.LOG_LEVEL = 'info';
    api = await createTestApi('logging');
  });
  afterAll(async () => {
    process.env.LOG_LEVEL = originalLevel;
    await api.drop();
  });
  beforeEach(() => {
    lines = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs one line per operation with the codes the client received, and no variables', async () => {
    // act
    await api.as('logger', 'mutation Leave($id: ID!) { leaveCouple(input: { coupleId: $id }) { id } }', { id: 'secret-text-in-variables' });

    // assert
    const entries = lines.map((l) => JSON.parse(l)).filter((e) => e.message === 'graphql operation');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ operationName: 'Leave', operationType: 'mutation', errorCodes: ['NOT_FOUND'], personId: 'logger' });
    expect(typeof entries[0].requestId).toBe('string');
    expect(lines.join('')).not.toContain('secret-text-in-variables');
  });
});
