/**
 * The repository's own guarantees, below the service: a session write that
 * lost a race against `leaveCouple` (the service read the couple as ACTIVE,
 * the couple ENDED before the write) is refused by DynamoDB itself.
 */
import { CoupleRepository } from '../../functions/couples/couple.repository';
import { SessionRepository } from '../../functions/sessions/session.repository';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { fromGlobalId } from '../../functions/shared/ids/global-id';
import { LEAVE_COUPLE, createActiveCouple, startSession } from '../support/operations';
import { createTestApi, type TestApi } from '../support/test-api';

describe('SessionRepository writes after the couple ENDED', () => {
  let api: TestApi;
  let sessions: SessionRepository;
  let close: () => void;
  beforeAll(async () => {
    api = await createTestApi('session-repository');
    const client = createDocumentClient({ region: 'us-east-1', endpoint: api.table.endpoint });
    const table = { client, tableName: api.table.tableName };
    sessions = new SessionRepository(table, new CoupleRepository(table, api.clock));
    close = () => client.destroy();
  });
  afterAll(async () => {
    close();
    await api.drop();
  });

  it('refuses an answer and a completion computed before a partner left', async () => {
    // prepare
    const a = 'sra';
    const coupleId = await createActiveCouple(api, a, 'srb');
    const started = await startSession(api, a, coupleId);
    const sessionId = fromGlobalId(started.id)!.localId;
    const readWhileActive = await sessions.getConsistent(sessionId);
    await api.as(a, LEAVE_COUPLE, { id: coupleId });

    // act
    const answer = await sessions.saveAnswer({
      sessionId,
      coupleId: fromGlobalId(coupleId)!.localId,
      promptId: fromGlobalId(started.prompts[0].prompt.id)!.localId,
      authorId: a,
      text: 'too late',
      answeredAt: api.clock.now().toISOString(),
    });
    const completion = await sessions.save(
      { ...readWhileActive!, status: 'COMPLETED', completedAt: api.clock.now().toISOString(), version: readWhileActive!.version + 1 },
      readWhileActive!,
    );

    // assert
    expect(answer).toBe('couple-changed');
    expect(completion).toBe('couple-changed');
    expect((await sessions.getConsistent(sessionId))?.status).toBe('IN_PROGRESS');
  });
});
