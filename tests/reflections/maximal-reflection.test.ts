import { localIdOf } from '../../functions/shared/ids/global-id';
import { FEELINGS, MAX_REVISIONS } from '../../functions/reflections/reflection.model';
import { createActiveCouple, dataOf } from '../support/operations';
import { createPractice, grantBoth } from '../support/practice-operations';
import { DELETE_REFLECTION, REFLECTION_BY_ID, REVISE_REFLECTION, writeReflection } from '../support/reflection-operations';
import { itemsHolding, scanTable } from '../support/table-scan';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const HEALTH = `query($id: ID!) { couple(id: $id) { health { driftRisk driftSignals } } }`;

/**
 * A reflection as large as the rules allow (50 revisions, every feeling,
 * shared with the partner and the care team) is erased in ONE transaction of
 * 96 actions of its own. The care watch's actions (the watch, one caseload
 * position per active grant and, on a rise to HIGH, an alert and an event per
 * grant) cannot join it then; the author must still be able to erase it.
 */
describe('a maximal reflection', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('maximal-reflection');
  });
  afterEach(() => api.clock.set('2026-11-26T12:00:00.000Z'));
  afterAll(() => api.drop());

  /** The table without outbox items (the test API publishes to no bus, so the shared event stays there). */
  const stored = (items: Record<string, unknown>[]) => items.filter((item) => !String(item.pk).startsWith('OUTBOX#'));

  /** A reflection of `sub` at the most actions its erasure can take, written and revised through the API. */
  async function maximalReflection(sub: string, coupleId: string): Promise<{ id: string; version: number }> {
    const written = await writeReflection(api, sub, coupleId, {
      body: 'Version 1',
      closeness: 2,
      feelings: [...FEELINGS],
      sharing: { partner: true, careTeam: true },
    });
    let version = written.version as number;
    for (let revision = 0; revision < MAX_REVISIONS; revision += 1) {
      const revised = await api.as(sub, REVISE_REFLECTION, {
        input: { reflectionId: written.id, expectedVersion: version, body: `Version ${version + 1}` },
      });
      version = dataOf(revised, 'reviseReflection').reviseReflection.version;
    }
    return { id: written.id, version };
  }

  it('is erased by its author with three active care teams, while the erasure raises drift to HIGH', async () => {
    // prepare: both partners feel far apart (LOW_CLOSENESS: MEDIUM); three practices follow the couple
    const coupleId = await createActiveCouple(api, 'mra', 'mrb');
    const practiceIds = [await createPractice(api, 'mr1'), await createPractice(api, 'mr2'), await createPractice(api, 'mr3')];
    for (const practiceId of practiceIds) await grantBoth(api, ['mra', 'mrb'], coupleId, practiceId);
    const reflection = await maximalReflection('mra', coupleId);
    await writeReflection(api, 'mrb', coupleId, { body: 'Far apart too', closeness: 2 });
    expect(reflection.version).toBe(MAX_REVISIONS + 1);
    expect(dataOf(await api.as('mra', HEALTH, { id: coupleId }), 'health').couple.health.driftRisk).toBe('MEDIUM');

    // The first reflection alone was HIGH already (and alerted); a rise at the same instant would reuse its alert's key.
    api.clock.set('2026-11-26T12:05:00.000Z');

    // act: erasing it leaves only the partner's reflection (ONE_SIDED_PARTICIPATION too: HIGH)
    const response = await api.as('mra', DELETE_REFLECTION, { id: reflection.id });

    // assert: erased, all of it
    expect(response.errors).toBeUndefined();
    expect(dataOf(await api.as('mra', REFLECTION_BY_ID, { id: reflection.id }), 'read').reflection).toBeNull();
    const items = await scanTable(api.table);
    expect(itemsHolding(stored(items), [localIdOf(reflection.id, 'Reflection') as string])).toEqual([]);
    // and the care watch followed it: HIGH on every practice's caseload, one alert each
    const couple = localIdOf(coupleId, 'Couple');
    const watch = items.find((item) => item.type === 'CareWatch' && item.coupleId === couple);
    expect(watch?.driftRisk).toBe('HIGH');
    const grants = items.filter((item) => item.type === 'CareGrant' && item.coupleId === couple);
    expect(grants.map((grant) => grant.driftRisk)).toEqual(['HIGH', 'HIGH', 'HIGH']);
    const alerts = items.filter((item) => item.type === 'Reminder' && item.coupleId === couple && item.kind === 'CARE_TEAM_ALERT');
    const raised = alerts.filter((alert) => alert.dueAt === '2026-11-26T12:05:00.000Z');
    expect(raised.map((alert) => alert.practiceId).sort()).toEqual(practiceIds.map((id) => localIdOf(id, 'Practice')).sort());
  });

  it('is erased with ten active care teams; the care watch is re-evaluated after it', async () => {
    // prepare: 2 reflections of one partner and 1 of the other, all far apart (LOW_CLOSENESS: MEDIUM)
    const coupleId = await createActiveCouple(api, 'mtc', 'mtd');
    for (let i = 0; i < 10; i += 1) await grantBoth(api, ['mtc', 'mtd'], coupleId, await createPractice(api, `mt${i}`));
    const reflection = await maximalReflection('mtc', coupleId);
    await writeReflection(api, 'mtc', coupleId, { body: 'Another', closeness: 2 });
    await writeReflection(api, 'mtd', coupleId, { body: 'Far apart too', closeness: 2 });
    const couple = localIdOf(coupleId, 'Couple');
    const watchOf = (items: Record<string, unknown>[]) => items.find((item) => item.type === 'CareWatch' && item.coupleId === couple);
    const before = watchOf(await scanTable(api.table));

    // act
    const response = await api.as('mtc', DELETE_REFLECTION, { id: reflection.id });

    // assert
    expect(errorCodes(response)).toEqual([]);
    const items = await scanTable(api.table);
    expect(itemsHolding(stored(items), [localIdOf(reflection.id, 'Reflection') as string])).toEqual([]);
    const after = watchOf(items);
    expect(after?.rev).toBe(Number(before?.rev) + 1);
    expect(after?.driftRisk).toBe('MEDIUM');
    // One contribution each now (it was two to one): the watch counts the erasure.
    expect(before?.health).toMatchObject({ participationBalance: expect.closeTo(2 / 3) });
    expect(after?.health).toMatchObject({ participationBalance: 1 });
  });
});
