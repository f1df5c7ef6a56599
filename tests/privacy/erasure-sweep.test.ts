import { ErasureSweepFailedError } from '../../functions/privacy/create-erasure-sweep-handler';
import { toGlobalId } from '../../functions/shared/ids/global-id';
import { createTestErasureSweep, erasureItems, minutesLater, recordingDirectory, type RecordingDirectory } from '../support/erasures';
import { buildPrivacyWorld, type PrivacyWorld } from '../support/privacy-world';
import { itemsHolding, scanTable } from '../support/table-scan';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';
import type { ErasureSweepLambdaHandler } from '../../functions/privacy/create-erasure-sweep-handler';

const DELETE = `mutation($confirm: Boolean!) { deleteMyAccount(input: { confirm: $confirm }) { deletedId } }`;

function anaTraces(world: PrivacyWorld): string[] {
  return [world.ana, toGlobalId('Person', world.ana), world.anaName, ...world.anaTexts];
}

/** The erasure sweep (functions/privacy/erasure-sweep.ts) through its real handler, on erasures crashed half-way. */
describe('erasure sweep', () => {
  let api: TestApi;
  let directory: RecordingDirectory;
  let sweep: ErasureSweepLambdaHandler;
  /** Set by a test to crash the next erasure batch of that step (in the API or the sweep). */
  let crashAfter: string | null = null;
  const crashHook = (step: string) => {
    if (step === crashAfter) {
      crashAfter = null;
      throw new Error(`injected crash after the first ${step} batch`);
    }
  };

  beforeAll(async () => {
    api = await createTestApi('erasure-sweep', { afterErasureBatch: crashHook });
    directory = recordingDirectory();
    sweep = createTestErasureSweep(api, { identities: directory, afterErasureBatch: crashHook });
  });
  // Each test starts an hour after the last: its erasures are the only young ones.
  beforeEach(() => api.clock.set(new Date(api.clock.now().getTime() + 3_600_000)));
  afterAll(() => api.drop());

  /** Builds a world and crashes Ana's erasure after its first reflections batch. */
  async function crashedErasure(suffix: string): Promise<PrivacyWorld> {
    const world = await buildPrivacyWorld(api, suffix);
    crashAfter = 'reflections';
    expect(errorCodes(await api.as(world.ana, DELETE, { confirm: true }))).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(itemsHolding(await scanTable(api.table), world.anaTexts).length).toBeGreaterThan(0);
    return world;
  }

  it('finishes an abandoned erasure: every trace gone, the identity deleted, the pending entry gone', async () => {
    // prepare
    const world = await crashedErasure('abandoned');
    directory.deleted.length = 0;

    // act
    const result = await sweep(minutesLater(api, 16));

    // assert
    expect(result).toMatchObject({ found: 1, finished: 1, failed: 0, deferred: 0, stale: 0 });
    expect(directory.deleted).toEqual([world.ana]);
    expect(itemsHolding(await scanTable(api.table), anaTraces(world))).toEqual([]);
    const { marker, pending } = await erasureItems(api, world.ana);
    expect(marker).toMatchObject({ status: 'DONE' });
    expect(pending).toEqual([]);
  });

  it('leaves a PENDING erasure younger than 15 minutes alone', async () => {
    // prepare
    const world = await crashedErasure('young');

    // act
    const result = await sweep(minutesLater(api, 14));

    // assert: untouched, still PENDING with its entry, the text the crash left still there
    expect(result).toMatchObject({ found: 0, finished: 0 });
    const { marker, pending } = await erasureItems(api, world.ana);
    expect(marker).toMatchObject({ status: 'PENDING' });
    expect(pending).toHaveLength(1);
    expect(itemsHolding(await scanTable(api.table), world.anaTexts).length).toBeGreaterThan(0);
    // (and a later run finishes it, so the next test starts clean)
    expect(await sweep(minutesLater(api, 16))).toMatchObject({ found: 1, finished: 1 });
  });

  it('is harmless run twice: the second run finds nothing and changes nothing', async () => {
    // prepare
    const world = await crashedErasure('twice');
    expect(await sweep(minutesLater(api, 16))).toMatchObject({ found: 1, finished: 1 });
    const before = await scanTable(api.table);
    directory.deleted.length = 0;

    // act
    const again = await sweep(minutesLater(api, 16));

    // assert
    expect(again).toMatchObject({ found: 0, finished: 0, failed: 0 });
    expect(directory.deleted).toEqual([]);
    expect(await scanTable(api.table)).toEqual(before);
    expect(itemsHolding(before, anaTraces(world))).toEqual([]);
  });

  it('fails the run when an erasure fails (it stays PENDING), and the next run finishes it', async () => {
    // prepare: the sweep itself crashes after a batch, then the directory is down once
    const world = await crashedErasure('sweep-fails');
    crashAfter = 'sessions';

    // act
    const first = sweep(minutesLater(api, 16));

    // assert
    await expect(first).rejects.toBeInstanceOf(ErasureSweepFailedError);
    await expect(first).rejects.toMatchObject({ result: { found: 1, finished: 0, failed: 1 } });
    expect((await erasureItems(api, world.ana)).marker).toMatchObject({ status: 'PENDING' });
    directory.failNext(1);
    await expect(sweep(minutesLater(api, 17))).rejects.toMatchObject({ result: { failed: 1 } });
    expect((await erasureItems(api, world.ana)).marker).toMatchObject({ status: 'PENDING', personId: world.ana });

    // act: the next run
    const next = await sweep(minutesLater(api, 31));

    // assert
    expect(next).toMatchObject({ found: 1, finished: 1, failed: 0 });
    expect(itemsHolding(await scanTable(api.table), anaTraces(world))).toEqual([]);
    expect((await erasureItems(api, world.ana)).pending).toEqual([]);
  });

  it('defers what it cannot start in the time left, for the next run', async () => {
    // prepare
    const world = await crashedErasure('no-time');

    // act: a Lambda context with 10 s left, below the one-minute margin
    const result = await sweep(minutesLater(api, 16), { getRemainingTimeInMillis: () => 10_000 });

    // assert
    expect(result).toMatchObject({ found: 1, finished: 0, deferred: 1 });
    expect((await erasureItems(api, world.ana)).marker).toMatchObject({ status: 'PENDING' });
    expect(await sweep(minutesLater(api, 16))).toMatchObject({ found: 1, finished: 1 });
  });
});
