import { toGlobalId } from '../../functions/shared/ids/global-id';
import {
  COUPLE_BY_ID,
  CREATE_COUPLE,
  JOIN_COUPLE,
  LEAVE_COUPLE,
  RENEW_INVITE,
  UPDATE_PLAN,
  createActiveCouple,
  createCouple,
} from '../support/operations';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

describe('couples', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('couples');
  });
  afterAll(() => api.drop());

  describe('createCouple', () => {
    it('creates an AWAITING_PARTNER couple with the default plan and a 7-day invite', async () => {
      // prepare
      await api.as('c1', 'mutation { updateProfile(input: { timezone: "America/New_York" }) { id } }');

      // act
      const response = await api.as('c1', CREATE_COUPLE, { input: {} });

      // assert
      expect(response.errors).toBeUndefined();
      const { couple, invite } = response.data.createCouple;
      expect(couple.status).toBe('AWAITING_PARTNER');
      expect(couple.plan).toEqual({ sessionsPerMonth: 3, reminderTime: '19:00', timezone: 'America/New_York', pausedUntil: null });
      expect(couple.partners.map((p: { displayName: string }) => p.displayName)).toEqual(['C1']);
      expect(couple.nextReminderAt).toBeNull();
      expect(invite.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
      expect(Date.parse(invite.expiresAt) - Date.parse(couple.createdAt)).toBe(7 * 86_400_000);
      expect(couple.invite).toEqual(invite);
    });

    it('defaults the zone to UTC without a profile zone', async () => {
      // act
      const response = await api.as('c2', CREATE_COUPLE, { input: {} });

      // assert
      expect(response.data.createCouple.couple.plan.timezone).toBe('UTC');
    });

    it('refuses a second non-ENDED couple with CONFLICT', async () => {
      // prepare
      await createCouple(api, 'c3');

      // act
      const response = await api.as('c3', CREATE_COUPLE, { input: {} });

      // assert
      expect(errorCodes(response)).toEqual(['CONFLICT']);
    });

    it('lets exactly one of ten racing createCouple calls win', async () => {
      // act
      const responses = await Promise.all(Array.from({ length: 10 }, () => api.as('racer', CREATE_COUPLE, { input: {} })));

      // assert
      const winners = responses.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      expect(responses.filter((r) => errorCodes(r).includes('CONFLICT'))).toHaveLength(9);
      const me = await api.as('racer', '{ me { couple { id } } }');
      expect(me.data.me.couple.id).toBe(winners[0]?.data.createCouple.couple.id);
    });
  });

  describe('joinCouple', () => {
    it('activates the couple and schedules the first reminder', async () => {
      // prepare
      const { coupleId, code } = await createCouple(api, 'j1', 'Europe/Berlin');

      // act
      const response = await api.as('j2', JOIN_COUPLE, { code: code.toLowerCase().replace(/(.{5})/, '$1-') });

      // assert
      expect(response.errors).toBeUndefined();
      const couple = response.data.joinCouple;
      expect(couple.id).toBe(coupleId);
      expect(couple.status).toBe('ACTIVE');
      expect(couple.partners).toHaveLength(2);
      expect(couple.invite).toBeNull();
      // joined 2026-11-26T12:00Z; +10 days at 19:00 Berlin (UTC+1 in December)
      expect(couple.nextReminderAt).toBe('2026-12-06T18:00:00.000Z');
    });

    it('makes the code single use', async () => {
      // prepare
      const { code } = await createCouple(api, 'u1');
      await api.as('u2', JOIN_COUPLE, { code });

      // act
      const response = await api.as('u3', JOIN_COUPLE, { code });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe('input.code: is unknown, already used or expired');
    });

    it('lets exactly one of five people racing for one invite join', async () => {
      // prepare
      const { coupleId, code } = await createCouple(api, 'host');

      // act
      const responses = await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5'].map((sub) => api.as(sub, JOIN_COUPLE, { code })));

      // assert
      const winners = responses.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      expect(responses.filter((r) => errorCodes(r).includes('BAD_USER_INPUT'))).toHaveLength(4);
      const couple = await api.as('host', COUPLE_BY_ID, { id: coupleId });
      expect(couple.data.couple.partners).toHaveLength(2);
    });

    it('rejects expired, unknown and malformed codes alike', async () => {
      // prepare
      const { code } = await createCouple(api, 'e1');
      api.clock.advanceDays(7.01);

      // act
      const expired = await api.as('e2', JOIN_COUPLE, { code });
      const unknown = await api.as('e2', JOIN_COUPLE, { code: 'ABCDEFGHJK' });
      const malformed = await api.as('e2', JOIN_COUPLE, { code: '!!' });
      api.clock.set('2026-11-26T12:00:00.000Z');

      // assert
      for (const response of [expired, unknown, malformed]) {
        expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
        expect(response.errors?.[0]?.message).toBe('input.code: is unknown, already used or expired');
      }
    });

    it('refuses your own code and a second couple', async () => {
      // prepare
      const { code } = await createCouple(api, 'own');
      await createCouple(api, 'busy');

      // act
      const own = await api.as('own', JOIN_COUPLE, { code });
      const busy = await api.as('busy', JOIN_COUPLE, { code });

      // assert
      expect(errorCodes(own)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(busy)).toEqual(['CONFLICT']);
    });
  });

  describe('visibility', () => {
    it('answers a stranger exactly as for an absent couple', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'v1', 'v2');
      const absent = toGlobalId('Couple', '00000000-0000-0000-0000-000000000000');

      // act
      const strangerQuery = await api.as('stranger', COUPLE_BY_ID, { id: coupleId });
      const absentQuery = await api.as('stranger', COUPLE_BY_ID, { id: absent });
      const strangerNode = await api.as('stranger', 'query($id: ID!) { node(id: $id) { id } }', { id: coupleId });
      const strangerLeave = await api.as('stranger', LEAVE_COUPLE, { id: coupleId });
      const absentLeave = await api.as('stranger', LEAVE_COUPLE, { id: absent });

      // assert
      expect(strangerQuery.data).toEqual(absentQuery.data);
      expect(strangerQuery.data.couple).toBeNull();
      expect(strangerNode.data.node).toBeNull();
      expect(strangerLeave.errors).toEqual(absentLeave.errors);
      expect(errorCodes(strangerLeave)).toEqual(['NOT_FOUND']);
    });

    it('serves the couple and its partners through node(id)', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'n1', 'n2');

      // act
      const response = await api.as('n1', 'query($id: ID!) { node(id: $id) { id ... on Couple { partners { id } } } }', { id: coupleId });
      const partnerId = response.data.node.partners[1].id;
      const partner = await api.as('n1', 'query($id: ID!) { node(id: $id) { ... on Person { displayName } } }', { id: partnerId });
      const strangerView = await api.as('stranger2', 'query($id: ID!) { node(id: $id) { id } }', { id: partnerId });

      // assert
      expect(response.data.node.id).toBe(coupleId);
      expect(partner.data.node.displayName).toBe('N2');
      expect(strangerView.data.node).toBeNull();
    });

    it('treats a malformed or wrong-type id as absent', async () => {
      // act
      const garbage = await api.as('g', COUPLE_BY_ID, { id: 'not-an-id' });
      const wrongType = await api.as('g', COUPLE_BY_ID, { id: toGlobalId('Person', 'g') });

      // assert
      expect(garbage.data.couple).toBeNull();
      expect(wrongType.data.couple).toBeNull();
    });
  });

  describe('renewInvite', () => {
    it('replaces the code: the old one stops working', async () => {
      // prepare
      const { coupleId, code: oldCode } = await createCouple(api, 'r1');

      // act
      const renewed = await api.as('r1', RENEW_INVITE, { id: coupleId });
      const withOld = await api.as('r2', JOIN_COUPLE, { code: oldCode });
      const withNew = await api.as('r2', JOIN_COUPLE, { code: renewed.data.renewInvite.code });

      // assert
      expect(renewed.data.renewInvite.code).not.toBe(oldCode);
      expect(errorCodes(withOld)).toEqual(['BAD_USER_INPUT']);
      expect(withNew.data.joinCouple.status).toBe('ACTIVE');
    });

    it('is a CONFLICT naming the status once the couple is ACTIVE', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'r3', 'r4');

      // act
      const response = await api.as('r3', RENEW_INVITE, { id: coupleId });

      // assert
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(response.errors?.[0]?.message).toContain('ACTIVE');
    });
  });

  describe('leaveCouple', () => {
    it('ends the couple for both, keeps it readable, and frees both partners', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'l1', 'l2');

      // act
      const left = await api.as('l1', LEAVE_COUPLE, { id: coupleId });
      const partnerView = await api.as('l2', COUPLE_BY_ID, { id: coupleId });
      const partnerMe = await api.as('l2', '{ me { couple { id } } }');
      const again = await api.as('l2', LEAVE_COUPLE, { id: coupleId });
      const fresh = await api.as('l2', CREATE_COUPLE, { input: {} });

      // assert
      expect(left.data.leaveCouple.status).toBe('ENDED');
      expect(left.data.leaveCouple.nextReminderAt).toBeNull();
      expect(partnerView.data.couple.status).toBe('ENDED');
      expect(partnerMe.data.me.couple).toBeNull();
      expect(errorCodes(again)).toEqual(['CONFLICT']);
      expect(fresh.errors).toBeUndefined();
    });

    it('refuses plan changes on an ENDED couple', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'l3', 'l4');
      await api.as('l3', LEAVE_COUPLE, { id: coupleId });

      // act
      const response = await api.as('l4', UPDATE_PLAN, { input: { coupleId, sessionsPerMonth: 4 } });

      // assert
      expect(errorCodes(response)).toEqual(['CONFLICT']);
    });
  });

  describe('updateReconnectPlan', () => {
    it('moves the next reminder with the plan', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'pl1', 'pl2', 'UTC');

      // act
      const response = await api.as('pl1', UPDATE_PLAN, { input: { coupleId, sessionsPerMonth: 6, reminderTime: '07:30' } });

      // assert
      expect(response.errors).toBeUndefined();
      expect(response.data.updateReconnectPlan.plan.sessionsPerMonth).toBe(6);
      // activated 2026-11-26T12:00Z + 5 days, at 07:30 UTC
      expect(response.data.updateReconnectPlan.nextReminderAt).toBe('2026-12-01T07:30:00.000Z');
    });

    it('hides nextReminderAt while paused and resumes after the pause', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'pa1', 'pa2', 'UTC');

      // act
      const paused = await api.as('pa1', UPDATE_PLAN, { input: { coupleId, pausedUntil: '2026-12-20T00:00:00Z' } });
      api.clock.set('2026-12-21T00:00:00Z');
      const afterPause = await api.as('pa1', COUPLE_BY_ID, { id: coupleId });
      api.clock.set('2026-11-26T12:00:00.000Z');
      const resumed = await api.as('pa1', UPDATE_PLAN, { input: { coupleId, pausedUntil: null } });

      // assert
      expect(paused.data.updateReconnectPlan.plan.pausedUntil).toBe('2026-12-20T00:00:00.000Z');
      expect(paused.data.updateReconnectPlan.nextReminderAt).toBeNull();
      // the 2026-12-06 reminder fell inside the pause: first 19:00 after it
      expect(afterPause.data.couple.nextReminderAt).toBe('2026-12-20T19:00:00.000Z');
      expect(resumed.data.updateReconnectPlan.plan.pausedUntil).toBeNull();
      expect(resumed.data.updateReconnectPlan.nextReminderAt).toBe('2026-12-06T19:00:00.000Z');
    });

    it.each([
      [{ sessionsPerMonth: 0 }, 'input.sessionsPerMonth: must be an integer from 1 to 30'],
      [{ sessionsPerMonth: 31 }, 'input.sessionsPerMonth: must be an integer from 1 to 30'],
      [{ pausedUntil: '2030-01-01T00:00:00Z' }, 'input.pausedUntil: must be at most 366 days ahead'],
    ])('rejects %j naming the field and rule', async (change, message) => {
      // prepare
      const coupleId = await createActiveCouple(
        api,
        `bad-${message.length}-${JSON.stringify(change).length}a`,
        `bad-${JSON.stringify(change).length}b`,
      );

      // act
      const response = await api.as(`bad-${message.length}-${JSON.stringify(change).length}a`, UPDATE_PLAN, {
        input: { coupleId, ...change },
      });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toBe(message);
    });

    it.each([
      ['reminderTime', '25:00', 'HH:MM'],
      ['reminderTime', '7pm', 'HH:MM'],
      ['timezone', 'Nowhere/City', 'IANA'],
      ['pausedUntil', 'next tuesday', 'RFC 3339'],
    ])('rejects %s %j before any resolver runs', async (field, value, rule) => {
      // act
      const response = await api.as('scalar', UPDATE_PLAN, { input: { coupleId: 'x', [field]: value } });

      // assert
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.message).toContain(`input.${field}`);
      expect(response.errors?.[0]?.message).toContain(rule);
    });

    it('never loses one of two concurrent plan changes', async () => {
      // prepare
      const coupleId = await createActiveCouple(api, 'cc1', 'cc2');

      // act
      const [a, b] = await Promise.all([
        api.as('cc1', UPDATE_PLAN, { input: { coupleId, sessionsPerMonth: 8 } }),
        api.as('cc2', UPDATE_PLAN, { input: { coupleId, reminderTime: '08:15' } }),
      ]);
      const after = await api.as('cc1', COUPLE_BY_ID, { id: coupleId });

      // assert
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(after.data.couple.plan).toMatchObject({ sessionsPerMonth: 8, reminderTime: '08:15' });
    });
  });

  it('requires couple scopes', async () => {
    // act
    const create = await api.as('noscope', CREATE_COUPLE, { input: {} }, { scope: 'profile' });
    const read = await api.as('noscope', '{ me { couple { id } } }', {}, { scope: 'profile' });

    // assert
    expect(errorCodes(create)).toEqual(['FORBIDDEN']);
    expect(errorCodes(read)).toEqual(['FORBIDDEN']);
    expect(read.errors?.[0]?.path).toEqual(['me', 'couple']);
  });
});
