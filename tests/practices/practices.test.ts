import { toGlobalId } from '../../functions/shared/ids/global-id';
import { dataOf, freshCouples } from '../support/operations';
import {
  ADD_MEMBER,
  CARE_TEAM,
  CREATE_PRACTICE,
  GRANT,
  REMOVE_MEMBER,
  REVOKE,
  addMember,
  createPractice,
  grantBoth,
  personId,
} from '../support/practice-operations';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

describe('practices and members', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('practices');
  });
  afterAll(() => api.drop());

  it('makes the creator its first ADMIN and lists it in Viewer.practices, its name as sent', async () => {
    // act
    const created = dataOf(await api.as('dora', CREATE_PRACTICE, { name: '  Harbor Counseling ' }), 'create').createPractice;
    const viewer = await api.as('dora', '{ me { practices { role practice { id name } } } }');

    // assert
    expect(created.name).toBe('  Harbor Counseling ');
    expect(created.members).toEqual([{ role: 'ADMIN', person: { id: await personId(api, 'dora'), displayName: 'Dora' } }]);
    expect(viewer.data.me.practices).toEqual([{ role: 'ADMIN', practice: { id: created.id, name: '  Harbor Counseling ' } }]);
  });

  it('refuses an empty name naming the field', async () => {
    // act
    const response = await api.as('dora2', CREATE_PRACTICE, { name: '   ' });

    // assert
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toBe('input.name: must not be empty');
  });

  it('answers a non-member exactly as an unknown id (null, and NOT_FOUND with the same message)', async () => {
    // prepare
    const practiceId = await createPractice(api, 'erin');
    const unknown = toGlobalId('Practice', 'no-such-practice');
    const stranger = await personId(api, 'stranger');

    // act
    const [seen, absent] = await Promise.all([
      api.as('stranger', 'query($id: ID!) { practice(id: $id) { id } node(id: $id) { id } }', { id: practiceId }),
      api.as('stranger', 'query($id: ID!) { practice(id: $id) { id } node(id: $id) { id } }', { id: unknown }),
    ]);
    const [addReal, addUnknown] = await Promise.all([
      api.as('stranger', ADD_MEMBER, { practiceId, personId: stranger, role: 'ADMIN' }),
      api.as('stranger', ADD_MEMBER, { practiceId: unknown, personId: stranger, role: 'ADMIN' }),
    ]);

    // assert
    expect(seen.data).toEqual({ practice: null, node: null });
    expect(absent.data).toEqual({ practice: null, node: null });
    expect(errorCodes(addReal)).toEqual(['NOT_FOUND']);
    expect(addReal.errors?.[0]?.message).toBe(addUnknown.errors?.[0]?.message);
  });

  it('lets an ADMIN add members and a COUNSELOR manage none (FORBIDDEN)', async () => {
    // prepare
    const practiceId = await createPractice(api, 'fay');
    await addMember(api, 'fay', practiceId, 'gus', 'COUNSELOR');
    const hal = await personId(api, 'hal');

    // act
    const byCounselor = await api.as('gus', ADD_MEMBER, { practiceId, personId: hal, role: 'COUNSELOR' });
    const members = await api.as('gus', 'query($id: ID!) { practice(id: $id) { members { role person { displayName } } } }', {
      id: practiceId,
    });

    // assert
    expect(errorCodes(byCounselor)).toEqual(['FORBIDDEN']);
    expect(members.data.practice.members.map((m: { role: string }) => m.role).sort()).toEqual(['ADMIN', 'COUNSELOR']);
  });

  it('never removes or demotes the last ADMIN (CONFLICT), but removes a second one', async () => {
    // prepare
    const practiceId = await createPractice(api, 'ida');
    const ida = await personId(api, 'ida');

    // act
    const removeLast = await api.as('ida', REMOVE_MEMBER, { practiceId, personId: ida });
    const demoteLast = await api.as('ida', ADD_MEMBER, { practiceId, personId: ida, role: 'COUNSELOR' });
    await addMember(api, 'ida', practiceId, 'jo', 'ADMIN');
    const removeOne = await api.as('jo', REMOVE_MEMBER, { practiceId, personId: ida });

    // assert
    expect(errorCodes(removeLast)).toEqual(['CONFLICT']);
    expect(errorCodes(demoteLast)).toEqual(['CONFLICT']);
    expect(removeOne.errors).toBeUndefined();
    expect(removeOne.data.removePracticeMember.members).toEqual([{ role: 'ADMIN', person: { id: await personId(api, 'jo') } }]);
  });

  it('keeps one ADMIN when two ADMINs remove each other at the same instant', async () => {
    // prepare
    const practiceId = await createPractice(api, 'kim');
    await addMember(api, 'kim', practiceId, 'lou', 'ADMIN');
    const [kim, lou] = await Promise.all([personId(api, 'kim'), personId(api, 'lou')]);

    // act
    const results = await Promise.all([
      api.as('kim', REMOVE_MEMBER, { practiceId, personId: lou }),
      api.as('lou', REMOVE_MEMBER, { practiceId, personId: kim }),
    ]);

    // assert
    const members = await api.as('kim', 'query($id: ID!) { practice(id: $id) { members { role } } }', { id: practiceId });
    const louView = await api.as('lou', 'query($id: ID!) { practice(id: $id) { members { role } } }', { id: practiceId });
    const admins = [members.data.practice, louView.data.practice].filter(Boolean).flatMap((p) => p.members);
    expect(admins.length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => !r.errors).length).toBeLessThanOrEqual(1);
  });
});

describe('consent', () => {
  let api: TestApi;
  const couples = freshCouples(() => api);
  beforeAll(async () => {
    api = await createTestApi('consent');
  });
  afterAll(() => api.drop());

  it('is active only once both partners granted, with the narrowest scope', async () => {
    // prepare
    const { a, b, coupleId } = await couples();
    const practiceId = await createPractice(api, 'pam');

    // act
    const first = dataOf(await api.as(a, GRANT, { coupleId, practiceId, scope: 'REFLECTIONS' }), 'grant a').grantCareAccess;
    const second = dataOf(await api.as(b, GRANT, { coupleId, practiceId, scope: 'SUMMARY' }), 'grant b').grantCareAccess;

    // assert
    expect(first).toMatchObject({ active: false, grantedAt: null, grantedBy: [{ id: await personId(api, a) }] });
    expect(second).toMatchObject({ active: true, scope: 'SUMMARY', grantedAt: api.clock.now().toISOString() });
    expect(second.grantedBy).toHaveLength(2);
  });

  it("changes only the caller's own scope when granting again", async () => {
    // prepare
    const { a, b, coupleId } = await couples();
    const practiceId = await createPractice(api, 'quinn');
    await grantBoth(api, [a, b], coupleId, practiceId, ['SUMMARY', 'SUMMARY']);

    // act
    const widenedByA = dataOf(await api.as(a, GRANT, { coupleId, practiceId, scope: 'REFLECTIONS' }), 'a').grantCareAccess;
    const widenedByB = dataOf(await api.as(b, GRANT, { coupleId, practiceId, scope: 'REFLECTIONS' }), 'b').grantCareAccess;

    // assert
    expect(widenedByA).toMatchObject({ active: true, scope: 'SUMMARY' });
    expect(widenedByB).toMatchObject({ active: true, scope: 'REFLECTIONS' });
  });

  it('ends at once for the couple when either partner revokes; both must grant again', async () => {
    // prepare
    const { a, b, coupleId } = await couples();
    const practiceId = await createPractice(api, 'rae');
    await grantBoth(api, [a, b], coupleId, practiceId);

    // act
    const revoked = dataOf(await api.as(b, REVOKE, { coupleId, practiceId }), 'revoke').revokeCareAccess;
    const counselorView = await api.as('rae', 'query($id: ID!) { couple(id: $id) { id } }', { id: coupleId });
    const regrant = dataOf(await api.as(a, GRANT, { coupleId, practiceId, scope: 'REFLECTIONS' }), 'regrant').grantCareAccess;
    const careTeam = dataOf(await api.as(b, CARE_TEAM, { id: coupleId }), 'careTeam').couple.careTeam;

    // assert
    expect(revoked).toMatchObject({ active: false, grantedBy: [], revokedAt: api.clock.now().toISOString() });
    expect(counselorView.data.couple).toBeNull();
    expect(regrant.active).toBe(false);
    expect(careTeam).toEqual([expect.objectContaining({ active: false, practice: { id: practiceId, name: 'Harbor Counseling' } })]);
  });

  it('ends active when both partners grant at the same instant', async () => {
    // prepare
    const { a, b, coupleId } = await couples();
    const practiceId = await createPractice(api, 'sal');

    // act
    await Promise.all([
      api.as(a, GRANT, { coupleId, practiceId, scope: 'REFLECTIONS' }),
      api.as(b, GRANT, { coupleId, practiceId, scope: 'REFLECTIONS' }),
    ]);

    // assert
    const careTeam = dataOf(await api.as(a, CARE_TEAM, { id: coupleId }), 'careTeam').couple.careTeam;
    expect(careTeam).toEqual([expect.objectContaining({ active: true, scope: 'REFLECTIONS' })]);
    expect(careTeam[0].grantedBy).toHaveLength(2);
  });

  it('is NOT_FOUND for someone outside the couple and for an unknown practice', async () => {
    // prepare
    const { coupleId } = await couples();
    const practiceId = await createPractice(api, 'tess');

    // act
    const outsider = await api.as('tess', GRANT, { coupleId, practiceId, scope: 'SUMMARY' });
    const unknown = await api.as('ana4', GRANT, { coupleId, practiceId: toGlobalId('Practice', 'nope'), scope: 'SUMMARY' });

    // assert
    expect(errorCodes(outsider)).toEqual(['NOT_FOUND']);
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
  });

  it('ends when the couple ends: the practice no longer sees it', async () => {
    // prepare
    const { a, b, coupleId } = await couples();
    const practiceId = await createPractice(api, 'uma');
    await grantBoth(api, [a, b], coupleId, practiceId);

    // act
    dataOf(await api.as(a, 'mutation($id: ID!) { leaveCouple(input: { coupleId: $id }) { status } }', { id: coupleId }), 'leave');
    const view = await api.as('uma', 'query($id: ID!) { couple(id: $id) { id } }', { id: coupleId });
    const caseload = await api.as(
      'uma',
      'query($id: ID!) { practice(id: $id) { couples { totalCount edges { node { couple { id } } } } } }',
      { id: practiceId },
    );

    // assert
    expect(view.data.couple).toBeNull();
    expect(caseload.data.practice.couples.edges).toEqual([]);
    expect(caseload.data.practice.couples.totalCount).toBe(0);
  });
});
