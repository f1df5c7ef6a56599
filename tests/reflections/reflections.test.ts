import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { builtinPrompts } from '../../functions/prompts/library/builtin-prompts';
import { FEELINGS } from '../../functions/reflections/reflection.model';
import { fromGlobalId, toGlobalId } from '../../functions/shared/ids/global-id';
import {
  CANCEL_SESSION,
  COMPLETE_SESSION,
  COUPLE_BY_ID,
  LEAVE_COUPLE,
  answerPrompt,
  freshCouples,
  type CoupleNames,
  createCouple,
  dataOf,
  scheduleSession,
  startSession,
} from '../support/operations';
import { ARCHIVE_PROMPT, CREATE_PROMPT, createPractice, grantBoth } from '../support/practice-operations';
import {
  COUPLE_HEALTH,
  COUPLE_REFLECTIONS,
  DELETE_REFLECTION,
  REFLECTION_BY_ID,
  REFLECTION_NODE,
  REVISE_REFLECTION,
  SESSION_REFLECTIONS,
  WRITE_REFLECTION,
  writeReflection,
} from '../support/reflection-operations';
import { seededRandom } from '../support/seeded-random';
import { createTestApi, errorCodes, type GraphqlResponse, type TestApi } from '../support/test-api';

const START = '2026-11-26T12:00:00.000Z';
const LATER = '2026-11-26T13:00:00.000Z';

describe('reflections', () => {
  let api: TestApi;
  let items: DynamoDBDocumentClient;
  /** A fresh ACTIVE couple of two new people (each test gets its own). */
  const activeCouple = freshCouples(() => api);
  /** Every stored item that belongs to a reflection (itself, revisions, list entries), by local id. */
  const storedItemsOf = async (reflectionGlobalId: string) => {
    const reflectionId = fromGlobalId(reflectionGlobalId)?.localId;
    const result = await items.send(
      new ScanCommand({
        TableName: api.table.tableName,
        FilterExpression: 'reflectionId = :id',
        ExpressionAttributeValues: { ':id': reflectionId },
      }),
    );
    return result.Items ?? [];
  };
  const listIds = (response: GraphqlResponse) => response.data.couple.reflections.edges.map((e: { node: { id: string } }) => e.node.id);

  beforeAll(async () => {
    api = await createTestApi('reflections', { random: seededRandom(4) });
    items = DynamoDBDocumentClient.from(api.table.client);
  });
  afterEach(() => api.clock.set(START));
  afterAll(() => api.drop());

  describe('writeReflection', () => {
    it('writes a private reflection with the defaults', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const response = await api.as(a, WRITE_REFLECTION, { input: { coupleId, body: '  Tonight felt warm.  ' } });

      // assert
      expect(response.errors).toBeUndefined();
      expect(response.data.writeReflection).toMatchObject({
        body: 'Tonight felt warm.',
        closeness: null,
        feelings: [],
        sharing: { partner: false, careTeam: false },
        version: 1,
        createdAt: START,
        updatedAt: START,
        author: { id: toGlobalId('Person', a) },
        couple: { id: coupleId },
        session: null,
        prompt: null,
        revisions: [],
      });
    });

    it('writes on a session and one of its prompts, and makes the author a participant', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const promptId = session.prompts[1].prompt.id;
      await answerPrompt(api, a, session.id, session.prompts[0].prompt.id, 'Ana answers');

      // act
      const written = await writeReflection(api, b, coupleId, {
        sessionId: session.id,
        promptId,
        closeness: 8,
        feelings: ['HEARD', 'SAFE', 'HEARD'],
        sharing: { partner: true, careTeam: true },
      });

      // assert
      expect(written).toMatchObject({ session: { id: session.id }, prompt: { id: promptId }, closeness: 8, feelings: ['HEARD', 'SAFE'] });
      expect(written.sharing).toEqual({ partner: true, careTeam: true });
      const after = await api.as(a, SESSION_REFLECTIONS, { id: session.id });
      expect(after.data.session.bothParticipated).toBe(true);
      expect(after.data.session.reflections.map((r: { id: string }) => r.id)).toEqual([written.id]);
    });

    it('counts a session as a reconnect when a reflection after completion makes both participants', async () => {
      // prepare: only Ana answered, so completing it was no reconnect
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      await answerPrompt(api, a, session.id, session.prompts[0].prompt.id, 'Ana answers');
      api.clock.set(LATER);
      const completed = dataOf(await api.as(a, COMPLETE_SESSION, { id: session.id }), 'complete').completeSession;
      expect(completed.couple.lastReconnectedAt).toBeNull();

      // act: Ben reflects the next day
      api.clock.set('2026-11-27T09:00:00.000Z');
      await writeReflection(api, b, coupleId, { sessionId: session.id, body: 'I listened more than I talked' });

      // assert
      const couple = await api.as(a, COUPLE_BY_ID, { id: coupleId });
      expect(couple.data.couple.lastReconnectedAt).toBe(LATER);
      expect(couple.data.couple.nextReminderAt).toBe('2026-12-06T19:00:00.000Z');
      const health = await api.as(a, COUPLE_HEALTH, { id: coupleId });
      expect(health.data.couple.health).toMatchObject({ sessionsLast30Days: 1, daysSinceLastReconnect: 1 });
      const read = await api.as(b, SESSION_REFLECTIONS, { id: session.id });
      expect(read.data.session.bothParticipated).toBe(true);
    });

    it('does not move lastReconnectedAt back for an older session counted late', async () => {
      // prepare: an old session only Ana took part in, then a newer real reconnect
      const { a, b, coupleId } = await activeCouple();
      const old = await startSession(api, a, coupleId);
      await answerPrompt(api, a, old.id, old.prompts[0].prompt.id, 'alone');
      await api.as(a, COMPLETE_SESSION, { id: old.id });
      api.clock.set(LATER);
      const recent = await startSession(api, a, coupleId);
      await answerPrompt(api, a, recent.id, recent.prompts[0].prompt.id, 'together');
      await answerPrompt(api, b, recent.id, recent.prompts[0].prompt.id, 'together');
      await api.as(b, COMPLETE_SESSION, { id: recent.id });

      // act
      await writeReflection(api, b, coupleId, { sessionId: old.id });

      // assert
      const couple = await api.as(a, COUPLE_BY_ID, { id: coupleId });
      expect(couple.data.couple.lastReconnectedAt).toBe(LATER);
      expect((await api.as(a, SESSION_REFLECTIONS, { id: old.id })).data.session.bothParticipated).toBe(true);
    });

    it('keeps every one of many reflections written at the same instant, and counts each once', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();

      // act: both partners, three each, all at once (all six touch the same day's roll-ups)
      const responses = await Promise.all(
        [a, b, a, b, a, b].map((sub, n) =>
          api.as(sub, WRITE_REFLECTION, { input: { coupleId, body: `at once ${n}`, closeness: 6, sharing: { partner: true } } }),
        ),
      );

      // assert
      for (const response of responses) expect(response.errors).toBeUndefined();
      const list = await api.as(a, COUPLE_REFLECTIONS, { id: coupleId });
      expect(listIds(list)).toHaveLength(6);
      const health = await api.as(b, COUPLE_HEALTH, { id: coupleId });
      expect(health.data.couple.health).toMatchObject({ closenessAverage30d: 6, participationBalance: 1 });
    });

    it('accepts a body of exactly 20,000 characters and a prompt alone (archived prompts too)', async () => {
      // prepare: a prompt of the couple's practice, archived since (the built-in library has no archived prompt)
      const { a, b, coupleId } = await activeCouple();
      const practiceId = await createPractice(api, 'rhea');
      await grantBoth(api, [a, b], coupleId, practiceId);
      const input = { practiceId, text: 'What did we stop doing?', theme: 'TRUST', depth: 'LIGHT' };
      const prompt = dataOf(await api.as('rhea', CREATE_PROMPT, { input }), 'createPrompt').createPrompt;
      const archived = dataOf(await api.as('rhea', ARCHIVE_PROMPT, { id: prompt.id }), 'archivePrompt').archivePrompt;

      // act
      const response = await api.as(a, WRITE_REFLECTION, {
        input: { coupleId, body: 'x'.repeat(20_000), promptId: archived.id, closeness: 10 },
      });

      // assert
      expect(archived).toEqual({ id: prompt.id, archived: true });
      expect(response.errors).toBeUndefined();
      expect(response.data.writeReflection.body).toHaveLength(20_000);
      expect(response.data.writeReflection.prompt).toEqual({ id: archived.id });
      expect(response.data.writeReflection.session).toBeNull();
    });

    describe('bad input on every field', () => {
      let names: CoupleNames;
      let sessionId: string;
      let otherPromptId: string;
      let otherCoupleId: string;
      let otherSessionId: string;

      beforeAll(async () => {
        names = await activeCouple();
        const session = await startSession(api, names.a, names.coupleId, { promptCount: 1 });
        sessionId = session.id;
        const inSession = new Set([fromGlobalId(session.prompts[0].prompt.id)?.localId]);
        otherPromptId = toGlobalId('Prompt', builtinPrompts().find((p) => !inSession.has(p.id))!.id);
        const other = await activeCouple();
        otherCoupleId = other.coupleId;
        otherSessionId = (await startSession(api, other.a, other.coupleId)).id;
      });

      it.each([
        ['an empty body', () => ({ body: '' }), 'BAD_USER_INPUT', 'input.body: must not be empty'],
        ['a blank body', () => ({ body: '  \n ' }), 'BAD_USER_INPUT', 'input.body: must not be empty'],
        [
          'a body over 20,000 characters',
          () => ({ body: 'y'.repeat(20_001) }),
          'BAD_USER_INPUT',
          'input.body: must be at most 20000 characters',
        ],
        ['closeness 0', () => ({ closeness: 0 }), 'BAD_USER_INPUT', 'input.closeness: must be an integer from 1 to 10'],
        ['closeness 11', () => ({ closeness: 11 }), 'BAD_USER_INPUT', 'input.closeness: must be an integer from 1 to 10'],
        ['a malformed couple id', () => ({ coupleId: 'nope' }), 'NOT_FOUND', 'Couple not found'],
        ['a session id as couple id', () => ({ coupleId: sessionId }), 'NOT_FOUND', 'Couple not found'],
        ["another couple's id", () => ({ coupleId: otherCoupleId }), 'NOT_FOUND', 'Couple not found'],
        ['an unknown session', () => ({ sessionId: toGlobalId('ReconnectSession', 'nope') }), 'NOT_FOUND', 'Session not found'],
        ["another couple's session", () => ({ sessionId: otherSessionId }), 'NOT_FOUND', 'Session not found'],
        ['an unknown prompt', () => ({ promptId: toGlobalId('Prompt', 'nope') }), 'NOT_FOUND', 'Prompt not found'],
        [
          'a prompt not of the session',
          () => ({ sessionId, promptId: otherPromptId }),
          'BAD_USER_INPUT',
          'input.promptId: is not a prompt of this session',
        ],
      ])('refuses %s', async (_what, input, code, message) => {
        // act
        const response = await api.as(names.a, WRITE_REFLECTION, { input: { coupleId: names.coupleId, body: 'fine', ...input() } });

        // assert
        expect(errorCodes(response)).toEqual([code]);
        expect(response.errors?.[0]?.message).toBe(message);
        expect(JSON.stringify(response.errors)).not.toContain('yyyy');
      });

      it.each([
        ['an unknown feeling', { feelings: ['ECSTATIC'] }],
        ['a non-boolean sharing flag', { sharing: { partner: 'yes' } }],
        ['a fractional closeness', { closeness: 5.5 }],
        ['a missing body', { body: null }],
      ])('refuses %s before any resolver runs', async (_what, input) => {
        // act
        const response = await api.as(names.a, WRITE_REFLECTION, { input: { coupleId: names.coupleId, body: 'fine', ...input } });

        // assert
        expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
        expect(response.data).toBeUndefined();
      });

      it.each([['SCHEDULED'], ['CANCELLED']])('refuses a %s session with CONFLICT naming the status', async (status) => {
        // prepare
        const scheduled = await scheduleSession(api, names.a, names.coupleId, '2026-12-01T19:00:00.000Z');
        if (status === 'CANCELLED') await api.as(names.a, CANCEL_SESSION, { id: scheduled.id });

        // act
        const response = await api.as(names.b, WRITE_REFLECTION, {
          input: { coupleId: names.coupleId, body: 'x', sessionId: scheduled.id },
        });

        // assert
        expect(errorCodes(response)).toEqual(['CONFLICT']);
        expect(response.errors?.[0]?.extensions?.status).toBe(status);
      });
    });

    it('is a CONFLICT before the partner joined and after a partner left', async () => {
      // prepare
      const { coupleId: waiting } = await createCouple(api, 'solo1');
      const { a, b, coupleId } = await activeCouple();
      await api.as(b, LEAVE_COUPLE, { id: coupleId });

      // act
      const early = await api.as('solo1', WRITE_REFLECTION, { input: { coupleId: waiting, body: 'x' } });
      const late = await api.as(a, WRITE_REFLECTION, { input: { coupleId, body: 'x' } });

      // assert
      expect(errorCodes(early)).toEqual(['CONFLICT']);
      expect(early.errors?.[0]?.message).toContain('AWAITING_PARTNER');
      expect(errorCodes(late)).toEqual(['CONFLICT']);
      expect(late.errors?.[0]?.message).toContain('ENDED');
    });

    it('needs the reflections:write scope', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();

      // act
      const response = await api.as(
        a,
        WRITE_REFLECTION,
        { input: { coupleId, body: 'x' } },
        { scope: 'couple:read couple:write reflections:read' },
      );

      // assert
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.errors?.[0]?.extensions?.scope).toBe('reflections:write');
    });
  });

  describe('visibility from every side', () => {
    /** Every path a caller could read reflection content by, as one response each. */
    const everyPath = async (sub: string, coupleId: string, reflectionId: string, sessionId: string) => ({
      byId: await api.as(sub, REFLECTION_BY_ID, { id: reflectionId }),
      node: await api.as(sub, REFLECTION_NODE, { id: reflectionId }),
      list: await api.as(sub, COUPLE_REFLECTIONS, { id: coupleId }),
      session: await api.as(sub, SESSION_REFLECTIONS, { id: sessionId }),
    });

    it('keeps a private reflection to its author on every path', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const secret = await writeReflection(api, a, coupleId, { sessionId: session.id, body: 'private worry about us', closeness: 3 });

      // act
      const author = await everyPath(a, coupleId, secret.id, session.id);
      const partner = await everyPath(b, coupleId, secret.id, session.id);
      const stranger = await everyPath('eve', coupleId, secret.id, session.id);

      // assert
      expect(author.byId.data.reflection.body).toBe('private worry about us');
      expect(author.node.data.node.body).toBe('private worry about us');
      expect(listIds(author.list)).toEqual([secret.id]);
      expect(author.session.data.session.reflections.map((r: { id: string }) => r.id)).toEqual([secret.id]);

      expect(partner.byId.data.reflection).toBeNull();
      expect(partner.node.data.node).toBeNull();
      expect(listIds(partner.list)).toEqual([]);
      expect(partner.session.data.session.reflections).toEqual([]);

      expect(stranger.byId.data.reflection).toBeNull();
      expect(stranger.node.data.node).toBeNull();
      expect(stranger.list.data.couple).toBeNull();
      expect(stranger.session.data.session).toBeNull();
      for (const response of [...Object.values(partner), ...Object.values(stranger)]) {
        expect(response.errors).toBeUndefined();
        expect(JSON.stringify(response)).not.toContain('private worry');
      }
    });

    it('shows a shared reflection to the partner, but its revisions to the author alone', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const shared = await writeReflection(api, a, coupleId, {
        sessionId: session.id,
        body: 'first draft only I see',
        sharing: { partner: true },
      });
      await api.as(a, REVISE_REFLECTION, { input: { reflectionId: shared.id, expectedVersion: 1, body: 'what I want you to read' } });

      // act
      const author = await everyPath(a, coupleId, shared.id, session.id);
      const partner = await everyPath(b, coupleId, shared.id, session.id);
      const stranger = await everyPath('eve2', coupleId, shared.id, session.id);

      // assert
      expect(author.byId.data.reflection.revisions.map((r: { body: string }) => r.body)).toEqual(['first draft only I see']);
      expect(author.node.data.node.revisions).toHaveLength(1);
      expect(partner.byId.data.reflection).toMatchObject({ body: 'what I want you to read', version: 2, revisions: [] });
      expect(partner.node.data.node).toEqual({ id: shared.id, body: 'what I want you to read', revisions: [] });
      expect(listIds(partner.list)).toEqual([shared.id]);
      expect(partner.session.data.session.reflections.map((r: { body: string }) => r.body)).toEqual(['what I want you to read']);
      expect(JSON.stringify(partner)).not.toContain('first draft');
      expect(stranger.byId.data.reflection).toBeNull();
      expect(JSON.stringify(stranger)).not.toContain('want you to read');
    });

    it('follows sharing changes on every path', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const r = await writeReflection(api, a, coupleId, {
        sessionId: session.id,
        body: 'now you see it',
        feelings: ['CLOSE'],
        sharing: { partner: true },
      });

      // act
      await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, sharing: { partner: false } } });
      const hidden = await everyPath(b, coupleId, r.id, session.id);
      const hiddenByFeeling = await api.as(b, COUPLE_REFLECTIONS, { id: coupleId, filter: { feelings: ['CLOSE'] } });
      await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 2, sharing: { partner: true } } });
      const shown = await everyPath(b, coupleId, r.id, session.id);
      const shownByFeeling = await api.as(b, COUPLE_REFLECTIONS, { id: coupleId, filter: { feelings: ['CLOSE'] } });

      // assert
      expect(hidden.byId.data.reflection).toBeNull();
      expect(listIds(hidden.list)).toEqual([]);
      expect(hidden.session.data.session.reflections).toEqual([]);
      expect(listIds(hiddenByFeeling)).toEqual([]);
      expect(shown.byId.data.reflection.body).toBe('now you see it');
      expect(listIds(shown.list)).toEqual([r.id]);
      expect(listIds(shownByFeeling)).toEqual([r.id]);
    });

    it('lets a partner read but not change a shared reflection, with no text in the error', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const shared = await writeReflection(api, a, coupleId, { body: 'shared thoughts', sharing: { partner: true } });
      const privateOne = await writeReflection(api, a, coupleId, { body: 'my own thoughts' });

      // act
      const reviseShared = await api.as(b, REVISE_REFLECTION, { input: { reflectionId: shared.id, expectedVersion: 1, body: 'hijack' } });
      const deleteShared = await api.as(b, DELETE_REFLECTION, { id: shared.id });
      const revisePrivate = await api.as(b, REVISE_REFLECTION, {
        input: { reflectionId: privateOne.id, expectedVersion: 1, body: 'hijack' },
      });
      const deletePrivate = await api.as(b, DELETE_REFLECTION, { id: privateOne.id });
      const strangerDelete = await api.as('eve3', DELETE_REFLECTION, { id: shared.id });

      // assert
      expect(errorCodes(reviseShared)).toEqual(['FORBIDDEN']);
      expect(errorCodes(deleteShared)).toEqual(['FORBIDDEN']);
      expect(errorCodes(revisePrivate)).toEqual(['NOT_FOUND']);
      expect(errorCodes(deletePrivate)).toEqual(['NOT_FOUND']);
      expect(errorCodes(strangerDelete)).toEqual(['NOT_FOUND']);
      expect(revisePrivate.errors?.[0]).toMatchObject({ message: 'Reflection not found', extensions: { field: 'input.reflectionId' } });
      for (const response of [reviseShared, deleteShared, revisePrivate, deletePrivate, strangerDelete]) {
        expect(JSON.stringify(response)).not.toMatch(/shared thoughts|my own thoughts/);
      }
      const after = await api.as(a, REFLECTION_BY_ID, { id: shared.id });
      expect(after.data.reflection).toMatchObject({ body: 'shared thoughts', version: 1 });
    });

    it('needs reflections:read to read content; health needs only couple:read', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'scoped', closeness: 6 });
      const scope = 'couple:read couple:write';

      // act
      const byId = await api.as(a, REFLECTION_BY_ID, { id: r.id }, { scope });
      const list = await api.as(a, COUPLE_REFLECTIONS, { id: coupleId }, { scope });
      const health = await api.as(a, COUPLE_HEALTH, { id: coupleId }, { scope });
      const noCouple = await api.as(a, COUPLE_HEALTH, { id: coupleId }, { scope: 'reflections:read' });

      // assert
      expect(errorCodes(byId)).toEqual(['FORBIDDEN']);
      expect(errorCodes(list)).toEqual(['FORBIDDEN']);
      expect(list.errors?.[0]?.path).toEqual(['couple', 'reflections']);
      expect(JSON.stringify([byId, list])).not.toContain('scoped');
      expect(health.errors).toBeUndefined();
      expect(health.data.couple.health.closenessAverage30d).toBe(6);
      expect(errorCodes(noCouple)).toEqual(['FORBIDDEN']);
    });

    it('lets a write-only token write and revise, but not read text back through the payload', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'first private words' });
      const scope = 'reflections:write';

      // act
      const revised = await api.as(
        a,
        'mutation($input: ReviseReflectionInput!) { reviseReflection(input: $input) { id version revisions { body } } }',
        {
          input: { reflectionId: r.id, expectedVersion: 1, body: 'second words' },
        },
        { scope },
      );
      const written = await api.as(
        a,
        'mutation($input: WriteReflectionInput!) { writeReflection(input: $input) { id version body } }',
        {
          input: { coupleId, body: 'write-only text' },
        },
        { scope },
      );
      const idsOnly = await api.as(
        a,
        'mutation($input: WriteReflectionInput!) { writeReflection(input: $input) { id version } }',
        {
          input: { coupleId, body: 'ids only' },
        },
        { scope },
      );

      // assert
      expect(errorCodes(revised)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(revised)).not.toContain('first private words');
      expect(errorCodes(written)).toEqual(['FORBIDDEN']);
      expect(idsOnly.errors).toBeUndefined();
      expect(idsOnly.data.writeReflection.version).toBe(1);
      const stored = await api.as(a, REFLECTION_BY_ID, { id: r.id });
      expect(stored.data.reflection).toMatchObject({ body: 'second words', version: 2 });
    });

    it('shows the couple of a reflection only with couple:read', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'scoped couple' });
      const query = 'query($id: ID!) { reflection(id: $id) { id couple { id plan { timezone } partners { displayName } } } }';

      // act
      const reflectionsOnly = await api.as(a, query, { id: r.id }, { scope: 'reflections:read' });
      const both = await api.as(a, query, { id: r.id }, { scope: 'reflections:read couple:read' });

      // assert
      expect(errorCodes(reflectionsOnly)).toEqual(['FORBIDDEN']);
      expect(reflectionsOnly.errors?.[0]?.path).toEqual(['reflection', 'couple']);
      expect(JSON.stringify(reflectionsOnly.data ?? {})).not.toContain('timezone');
      expect(both.errors).toBeUndefined();
      expect(both.data.reflection.couple.id).toBe(coupleId);
    });

    it('keeps an ENDED couple history readable by both former partners', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const shared = await writeReflection(api, a, coupleId, { body: 'we tried', sharing: { partner: true } });
      await api.as(a, LEAVE_COUPLE, { id: coupleId });

      // act
      const partner = await api.as(b, COUPLE_REFLECTIONS, { id: coupleId });
      const author = await api.as(a, COUPLE_REFLECTIONS, { id: coupleId });

      // assert
      expect(listIds(partner)).toEqual([shared.id]);
      expect(listIds(author)).toEqual([shared.id]);
    });
  });

  describe('revisions', () => {
    it('moves a revised reflection between feeling filters, on a session too', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const r = await writeReflection(api, a, coupleId, { body: 'felt hurt', sessionId: session.id, feelings: ['HURT'] });

      // act
      await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, feelings: ['CALM'] } });
      const list = (feeling: string, sessionId?: string) =>
        api.as(a, COUPLE_REFLECTIONS, { id: coupleId, filter: { feelings: [feeling], ...(sessionId ? { sessionId: session.id } : {}) } });
      const [hurt, calm, hurtOnSession, calmOnSession] = await Promise.all([
        list('HURT'),
        list('CALM'),
        list('HURT', 'x'),
        list('CALM', 'x'),
      ]);

      // assert
      expect(listIds(hurt)).toEqual([]);
      expect(listIds(calm)).toEqual([r.id]);
      expect(listIds(hurtOnSession)).toEqual([]);
      expect(listIds(calmOnSession)).toEqual([r.id]);
    });

    it('keeps every earlier version, newest first, with the instant each was written', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'v1', closeness: 4, feelings: ['ANXIOUS'] });

      // act
      api.clock.set('2026-11-26T14:00:00.000Z');
      await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, body: 'v2', closeness: null } });
      api.clock.set('2026-11-27T08:00:00.000Z');
      const third = await api.as(a, REVISE_REFLECTION, {
        input: { reflectionId: r.id, expectedVersion: 2, feelings: ['CALM', 'HOPEFUL'], sharing: { partner: true } },
      });

      // assert
      expect(third.errors).toBeUndefined();
      expect(third.data.reviseReflection).toMatchObject({
        body: 'v2',
        closeness: null,
        feelings: ['CALM', 'HOPEFUL'],
        sharing: { partner: true, careTeam: false },
        version: 3,
        createdAt: START,
        updatedAt: '2026-11-27T08:00:00.000Z',
      });
      expect(third.data.reviseReflection.revisions).toEqual([
        {
          version: 2,
          body: 'v2',
          closeness: null,
          feelings: ['ANXIOUS'],
          sharing: { partner: false, careTeam: false },
          editedAt: '2026-11-26T14:00:00.000Z',
        },
        { version: 1, body: 'v1', closeness: 4, feelings: ['ANXIOUS'], sharing: { partner: false, careTeam: false }, editedAt: START },
      ]);
    });

    it('refuses a stale expectedVersion with CONFLICT and changes nothing', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'original' });
      await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, body: 'second' } });

      // act
      const stale = await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, body: 'lost update' } });
      const ahead = await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 7, body: 'from the future' } });

      // assert
      for (const response of [stale, ahead]) {
        expect(errorCodes(response)).toEqual(['CONFLICT']);
        expect(response.errors?.[0]?.extensions?.currentVersion).toBe(2);
      }
      const after = await api.as(a, REFLECTION_BY_ID, { id: r.id });
      expect(after.data.reflection).toMatchObject({ body: 'second', version: 2 });
      expect(after.data.reflection.revisions.map((x: { body: string }) => x.body)).toEqual(['original']);
    });

    it('lets exactly one of six racing revisions of one version win', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'v1', closeness: 5 });

      // act
      const responses = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((n) =>
          api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, body: `racer ${n}`, closeness: n } }),
        ),
      );

      // assert
      const winners = responses.filter((x) => !x.errors);
      expect(winners).toHaveLength(1);
      for (const loser of responses.filter((x) => x.errors)) expect(errorCodes(loser)).toEqual(['CONFLICT']);
      const after = await api.as(a, REFLECTION_BY_ID, { id: r.id });
      expect(after.data.reflection.body).toBe(winners[0]?.data.reviseReflection.body);
      expect(after.data.reflection.version).toBe(2);
      expect(after.data.reflection.revisions.map((x: { body: string }) => x.body)).toEqual(['v1']);
      // the roll-up moved once: the winner's rating replaced 5
      const health = await api.as(a, COUPLE_HEALTH, { id: coupleId });
      expect(health.data.couple.health.closenessAverage30d).toBe(after.data.reflection.closeness);
    });

    it('keeps at most 50 revisions, then still erases all 51 versions in one go', async () => {
      // prepare: the largest erasure there is: every feeling, shared, 50 revisions (82 actions in one transaction)
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'v1', closeness: 9, feelings: [...FEELINGS], sharing: { partner: true } });
      for (let version = 1; version <= 50; version += 1) {
        dataOf(
          await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: version, body: `v${version + 1}` } }),
          'revise',
        );
      }

      // act
      const refused = await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 51, body: 'one too many' } });
      const before = await storedItemsOf(r.id);
      const deleted = await api.as(a, DELETE_REFLECTION, { id: r.id });

      // assert
      expect(errorCodes(refused)).toEqual(['CONFLICT']);
      expect(refused.errors?.[0]?.message).toContain('at most 50 revisions');
      expect(before).toHaveLength(1 + 50 + 2 * (1 + 14)); // itself, revisions, entries of two readers
      expect(deleted.errors).toBeUndefined();
      expect(await storedItemsOf(r.id)).toEqual([]);
      const health = await api.as(a, COUPLE_HEALTH, { id: coupleId });
      expect(health.data.couple.health).toMatchObject({ closenessAverage30d: null, participationBalance: null });
    });

    it('refuses revisions once the couple ENDED', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'before' });
      await api.as(b, LEAVE_COUPLE, { id: coupleId });

      // act
      const response = await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, body: 'after' } });

      // assert
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(response.errors?.[0]?.message).toContain('ENDED');
    });

    it.each([
      ['no change at all', {}, 'input: must change at least one of body, closeness, feelings, sharing'],
      ['expectedVersion 0', { expectedVersion: 0, body: 'x' }, 'input.expectedVersion: must be a positive integer: the version you read'],
      ['a null body', { body: null }, 'input.body: must not be null (omit it to keep the current text)'],
      ['an empty body', { body: '' }, 'input.body: must not be empty'],
      ['closeness 11', { closeness: 11 }, 'input.closeness: must be an integer from 1 to 10'],
      ['null feelings', { feelings: null }, 'input.feelings: must not be null (omit it to keep, [] to remove every feeling)'],
      ['null sharing', { sharing: null }, 'input.sharing: must not be null (omit it to keep the current sharing)'],
    ])('refuses %s', async (_what, input, message) => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId);

      // act
      const response = await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, ...input } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe(message);
    });

    it('answers NOT_FOUND for an id that is not a reflection', async () => {
      // act
      const response = await api.as('ana', REVISE_REFLECTION, {
        input: { reflectionId: toGlobalId('Couple', 'x'), expectedVersion: 1, body: 'x' },
      });

      // assert
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
    });
  });

  describe('deleteReflection', () => {
    it('erases the reflection, every revision and every list entry', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const session = await startSession(api, a, coupleId);
      const r = await writeReflection(api, a, coupleId, {
        sessionId: session.id,
        body: 'to be forgotten',
        feelings: ['HURT'],
        sharing: { partner: true },
      });
      await api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, body: 'still to be forgotten' } });
      expect(await storedItemsOf(r.id)).toHaveLength(1 + 1 + 2 * 2);

      // act
      const response = await api.as(a, DELETE_REFLECTION, { id: r.id });

      // assert
      expect(response.data.deleteReflection).toEqual({ deletedId: r.id });
      expect(await storedItemsOf(r.id)).toEqual([]);
      for (const sub of [a, b]) {
        expect((await api.as(sub, REFLECTION_BY_ID, { id: r.id })).data.reflection).toBeNull();
        expect(listIds(await api.as(sub, COUPLE_REFLECTIONS, { id: coupleId, filter: { feelings: ['HURT'] } }))).toEqual([]);
        expect((await api.as(sub, SESSION_REFLECTIONS, { id: session.id })).data.session.reflections).toEqual([]);
      }
      expect(errorCodes(await api.as(a, DELETE_REFLECTION, { id: r.id }))).toEqual(['NOT_FOUND']);
    });

    it('stays allowed after the couple ENDED (right to erasure)', async () => {
      // prepare
      const { a, b, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'erase me later', sharing: { partner: true } });
      await api.as(b, LEAVE_COUPLE, { id: coupleId });

      // act
      const response = await api.as(a, DELETE_REFLECTION, { id: r.id });

      // assert
      expect(response.errors).toBeUndefined();
      expect(listIds(await api.as(b, COUPLE_REFLECTIONS, { id: coupleId }))).toEqual([]);
    });

    it('leaves no half-erased reflection when a revision races the erasure', async () => {
      // prepare
      const { a, coupleId } = await activeCouple();
      const r = await writeReflection(api, a, coupleId, { body: 'v1', feelings: ['CALM'] });

      // act
      const [revised, deleted] = await Promise.all([
        api.as(a, REVISE_REFLECTION, { input: { reflectionId: r.id, expectedVersion: 1, body: 'v2', feelings: ['HURT'] } }),
        api.as(a, DELETE_REFLECTION, { id: r.id }),
      ]);

      // assert: the erasure always succeeds (after the revision, or before it, making it NOT_FOUND)
      expect(deleted.errors).toBeUndefined();
      expect(revised.errors ? errorCodes(revised) : ['ok']).toEqual([expect.stringMatching(/^(ok|NOT_FOUND|CONFLICT)$/)]);
      expect(await storedItemsOf(r.id)).toEqual([]);
    });
  });
});
