import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { emptyGrant, withConsent } from '../../functions/practices/care-scope';
import { GrantRepository } from '../../functions/practices/grant.repository';
import { MAX_OPEN_GRANTS_PER_COUPLE } from '../../functions/practices/practice.model';
import { PracticeRepository } from '../../functions/practices/practice.repository';
import { localIdOf } from '../../functions/shared/ids/global-id';
import { createActiveCouple, dataOf } from '../support/operations';
import { CARE_TEAM, createPractice, GRANT, grantBoth, personId, REVOKE } from '../support/practice-operations';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

/**
 * At most MAX_OPEN_GRANTS_PER_COUPLE care teams per couple, granted or
 * awaiting the other partner's consent (practice.model.ts says why: every
 * write that may move drift carries the watch and a position per active
 * grant in its own transaction of at most 100 actions).
 */
describe('care-team grants per couple', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('grant-limit');
  });
  afterAll(() => api.drop());

  async function activeCount(sub: string, coupleId: string): Promise<number> {
    const team = dataOf(await api.as(sub, CARE_TEAM, { id: coupleId }), 'careTeam').couple.careTeam as { active: boolean }[];
    return team.filter((grant) => grant.active).length;
  }

  it('refuses a first consent past the limit with CONFLICT naming it; a revoke frees a place', async () => {
    // prepare: nine active grants and one awaiting the second partner
    const coupleId = await createActiveCouple(api, 'gla', 'glb');
    const practiceIds: string[] = [];
    for (let i = 0; i < MAX_OPEN_GRANTS_PER_COUPLE; i += 1) practiceIds.push(await createPractice(api, `gl${i}`));
    for (const practiceId of practiceIds.slice(1)) await grantBoth(api, ['gla', 'glb'], coupleId, practiceId);
    dataOf(await api.as('gla', GRANT, { coupleId, practiceId: practiceIds[0], scope: 'SUMMARY' }), 'pending');
    const eleventh = await createPractice(api, 'gl-eleventh');

    // act
    const refused = await api.as('glb', GRANT, { coupleId, practiceId: eleventh, scope: 'SUMMARY' });
    const secondConsent = await api.as('glb', GRANT, { coupleId, practiceId: practiceIds[0], scope: 'SUMMARY' });
    dataOf(await api.as('gla', REVOKE, { coupleId, practiceId: practiceIds[1] }), 'revoke');
    const afterRevoke = await api.as('glb', GRANT, { coupleId, practiceId: eleventh, scope: 'SUMMARY' });

    // assert
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toBe('A couple can have at most 10 care teams granted or awaiting consent; revoke one first');
    expect(refused.errors?.[0]?.extensions?.limit).toBe(10);
    // completing a consent already counted is not one more
    expect(secondConsent.errors).toBeUndefined();
    expect(afterRevoke.errors).toBeUndefined();
    expect(await activeCount('gla', coupleId)).toBe(MAX_OPEN_GRANTS_PER_COUPLE - 1);
  });

  it('refuses the consent that would make an eleventh grant active, even when first consents raced past the limit', async () => {
    // prepare: ten active grants, and an eleventh first consent stored as if it had raced the tenth's
    const coupleId = await createActiveCouple(api, 'glc', 'gld');
    for (let i = 0; i < MAX_OPEN_GRANTS_PER_COUPLE; i += 1)
      await grantBoth(api, ['glc', 'gld'], coupleId, await createPractice(api, `glr${i}`));
    const raced = await createPractice(api, 'gl-raced');
    const context = { client: DynamoDBDocumentClient.from(api.table.client), tableName: api.table.tableName };
    const grants = new GrantRepository(context, new PracticeRepository(context));
    const couple = localIdOf(coupleId, 'Couple') as string;
    const first = emptyGrant(couple, localIdOf(raced, 'Practice') as string);
    const consent = {
      personId: localIdOf(await personId(api, 'glc'), 'Person') as string,
      scope: 'SUMMARY' as const,
      grantedAt: api.clock.now().toISOString(),
    };
    expect(await grants.save(withConsent(first, consent, [], true), first)).toBe('ok');

    // act
    const refused = await api.as('gld', GRANT, { coupleId, practiceId: raced, scope: 'SUMMARY' });

    // assert
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.extensions?.limit).toBe(10);
    expect(await activeCount('glc', coupleId)).toBe(MAX_OPEN_GRANTS_PER_COUPLE);
  });
});
