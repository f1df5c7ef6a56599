import { toGlobalId } from '../../functions/shared/ids/global-id';
import { createTestErasureSweep, erasureItems, minutesLater, recordingDirectory, type RecordingDirectory } from '../support/erasures';
import { loseRaces } from '../support/lost-races';
import { dataOf } from '../support/operations';
import { buildPrivacyWorld, type PrivacyWorld } from '../support/privacy-world';
import { itemsHolding, scanTable } from '../support/table-scan';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';

const DELETE = `mutation($confirm: Boolean!) { deleteMyAccount(input: { confirm: $confirm }) { deletedId } }`;

/** Every string that names Ana, her sign-in identity included, or that she wrote. */
function anaTraces(world: PrivacyWorld, username: string): string[] {
  return [world.ana, toGlobalId('Person', world.ana), world.anaName, username, ...world.anaTexts];
}

/** Cognito's user name as a federated sign-in has it: not the sub, so the test sees which one is deleted. */
const usernameOf = (world: PrivacyWorld) => `Google_${world.ana}-idp`;

describe('deleteMyAccount: the sign-in identity', () => {
  describe('with a directory in the GraphQL Lambda (the local run)', () => {
    let api: TestApi;
    let directory: RecordingDirectory;
    beforeAll(async () => {
      directory = recordingDirectory();
      api = await createTestApi('erasure-identity', { identities: directory });
    });
    afterAll(() => api.drop());

    it("deletes the token's user name as the last step; the DONE marker keeps neither it nor the sub", async () => {
      // prepare
      const world = await buildPrivacyWorld(api, 'idp');
      const username = usernameOf(world);

      // act
      const response = await api.as(world.ana, DELETE, { confirm: true }, { username });

      // assert
      expect(dataOf(response, 'erase').deleteMyAccount.deletedId).toBe(toGlobalId('Person', world.ana));
      expect(directory.deleted).toEqual([username]);
      const { marker, pending } = await erasureItems(api, world.ana);
      expect(marker).toMatchObject({ status: 'DONE' });
      expect(marker).not.toHaveProperty('username');
      expect(marker).not.toHaveProperty('personId');
      expect(pending).toEqual([]);
      expect(itemsHolding(await scanTable(api.table), anaTraces(world, username))).toEqual([]);
    });

    it('keeps the marker PENDING, with the user name, when the directory fails; the retry deletes the identity and finishes', async () => {
      // prepare
      const world = await buildPrivacyWorld(api, 'outage');
      const username = usernameOf(world);
      directory.deleted.length = 0;
      directory.failNext(1);
      const failed = await api.as(world.ana, DELETE, { confirm: true }, { username });
      expect(errorCodes(failed)).toEqual(['INTERNAL_SERVER_ERROR']);
      const halfway = await erasureItems(api, world.ana);
      expect(halfway.marker).toMatchObject({ status: 'PENDING', username, personId: world.ana });
      expect(halfway.pending).toHaveLength(1);
      // Everything but the identity and the marker is gone already.
      expect(itemsHolding(await scanTable(api.table), [world.anaName, ...world.anaTexts])).toEqual([]);
      expect(errorCodes(await api.as(world.ana, '{ me { person { id } } }', undefined, { username }))).toEqual(['UNAUTHENTICATED']);

      // act
      const retried = await api.as(world.ana, DELETE, { confirm: true }, { username });

      // assert
      expect(dataOf(retried, 'retry').deleteMyAccount.deletedId).toBe(toGlobalId('Person', world.ana));
      expect(directory.deleted).toEqual([username]);
      const { marker, pending } = await erasureItems(api, world.ana);
      expect(marker).toMatchObject({ status: 'DONE' });
      expect(pending).toEqual([]);
      expect(itemsHolding(await scanTable(api.table), anaTraces(world, username))).toEqual([]);
    });

    it('retries the closing transaction when it loses a race, and answers CONFLICT (never INTERNAL_SERVER_ERROR) if it keeps losing', async () => {
      // prepare: the last transaction (marker DONE, pending entry deleted) loses races
      const world = await buildPrivacyWorld(api, 'race');
      const username = usernameOf(world);
      const races = loseRaces(api.client);
      races.lose(1000, 'finishedAt');

      // act
      const refused = await api.as(world.ana, DELETE, { confirm: true }, { username });
      const halfway = await erasureItems(api, world.ana);
      races.reset();
      races.lose(2, 'finishedAt');
      const retried = await api.as(world.ana, DELETE, { confirm: true }, { username });

      // assert
      expect(errorCodes(refused)).toEqual(['CONFLICT']);
      expect(refused.errors?.[0]?.message).toMatch(/retry deleteMyAccount/);
      expect(halfway.marker).toMatchObject({ status: 'PENDING' });
      expect(dataOf(retried, 'retry').deleteMyAccount.deletedId).toBe(toGlobalId('Person', world.ana));
      expect(races.cancelled).toBe(2);
      const { marker, pending } = await erasureItems(api, world.ana);
      expect(marker).toMatchObject({ status: 'DONE' });
      expect(pending).toEqual([]);
      races.reset();
    });
  });

  describe('without one (the cloud GraphQL Lambda): the erasure sweep deletes the identity', () => {
    let api: TestApi;
    let directory: RecordingDirectory;
    beforeAll(async () => {
      directory = recordingDirectory();
      api = await createTestApi('erasure-identity-cloud', { identities: null });
    });
    afterAll(() => api.drop());

    it('erases the data and leaves the marker PENDING; the sweep, once it is 15 minutes old, deletes the user and marks it DONE', async () => {
      // prepare
      const world = await buildPrivacyWorld(api, 'cloud');
      const username = usernameOf(world);
      const sweep = createTestErasureSweep(api, { identities: directory });

      // act 1: the mutation
      const response = await api.as(world.ana, DELETE, { confirm: true }, { username });

      // assert 1: answered, data gone, only the PENDING marker still knows her, and her tokens are refused
      expect(dataOf(response, 'erase').deleteMyAccount.deletedId).toBe(toGlobalId('Person', world.ana));
      const afterMutation = await scanTable(api.table);
      expect(itemsHolding(afterMutation, [world.anaName, ...world.anaTexts])).toEqual([]);
      const holdingSub = itemsHolding(afterMutation, [world.ana, username]).map((found) => found.pk);
      expect(new Set(holdingSub)).toEqual(new Set([(await erasureItems(api, world.ana)).marker?.pk]));
      expect(errorCodes(await api.as(world.ana, '{ me { person { id } } }', undefined, { username }))).toEqual(['UNAUTHENTICATED']);

      // act 2: a sweep 5 minutes later leaves it alone; one 16 minutes later finishes it
      const early = await sweep(minutesLater(api, 5));
      expect(early).toMatchObject({ found: 0, finished: 0 });
      expect(directory.deleted).toEqual([]);
      const late = await sweep(minutesLater(api, 16));

      // assert 2
      expect(late).toMatchObject({ found: 1, finished: 1, failed: 0 });
      expect(directory.deleted).toEqual([username]);
      const { marker, pending } = await erasureItems(api, world.ana);
      expect(marker).toMatchObject({ status: 'DONE' });
      expect(pending).toEqual([]);
      expect(itemsHolding(await scanTable(api.table), anaTraces(world, username))).toEqual([]);
    });
  });
});
