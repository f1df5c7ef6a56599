/**
 * The large account of the privacy benchmarks (export, erasure): a couple
 * where `ana` wrote 5,000 reflections over a year (every tenth revised
 * twice) and `ben` 500, seeded straight into the table (the API would take
 * minutes) with what reflections leave behind: list entries, daily
 * roll-ups and revisions.
 */
import { FEELINGS, type Feeling, type Reflection } from '../../functions/reflections/reflection.model';
import { reflectionItem, revisionItem } from '../../functions/reflections/reflection.repository';
import { fromGlobalId } from '../../functions/shared/ids/global-id';
import { batchPut, seedReflections } from '../../tests/support/reflection-seed';
import type { BenchApi } from './bench-api';

export const MINE = 5000;
export const PARTNERS = 500;
const YEAR_MINUTES = 365 * 24 * 60;

/** What was seeded: the couple (local id), every reflection, and the caller's revised ones. */
export interface LargeAccount {
  coupleId: string;
  seeded: Reflection[];
  mine: Reflection[];
  revised: Reflection[];
}

/** Two earlier versions for `reflection` (now at version 3), as reviseReflection would leave them. */
function revisedTwice(reflection: Reflection) {
  const revised = { ...reflection, version: 3, body: `${reflection.body} (revised twice)` };
  const revisions = [1, 2].map((version) =>
    revisionItem(
      {
        reflectionId: reflection.id,
        version,
        body: `${reflection.body} (version ${version})`,
        closeness: reflection.closeness,
        feelings: reflection.feelings,
        sharing: reflection.sharing,
        editedAt: reflection.createdAt,
      },
      reflection,
    ),
  );
  return [reflectionItem(revised), ...revisions];
}

/** Creates the couple of `ana` and `ben` through the API, then seeds their history; logs what it seeded. */
export async function seedLargeAccount(api: BenchApi, ana: string, ben: string): Promise<LargeAccount> {
  const created = await api.as(ana, 'mutation { createCouple(input: { timezone: "Europe/Berlin" }) { couple { id } invite { code } } }');
  await api.as(ben, 'mutation($code: String!) { joinCouple(input: { code: $code }) { id } }', { code: created.createCouple.invite.code });
  const coupleId = fromGlobalId(created.createCouple.couple.id)?.localId as string;
  const seedStarted = performance.now();
  const ratio = (MINE + PARTNERS) / PARTNERS;
  const seeded = await seedReflections(api.documentClient, api.tableName, {
    coupleId,
    partnerIds: [ana, ben],
    timezone: 'Europe/Berlin',
    count: MINE + PARTNERS,
    newestAt: new Date(Date.now() - 3_600_000).toISOString(),
    stepMinutes: Math.floor(YEAR_MINUTES / (MINE + PARTNERS)),
    shape: (i) => ({
      author: i % ratio === 0 ? 1 : 0,
      closeness: ((i * 7) % 10) + 1,
      feelings: [FEELINGS[i % FEELINGS.length]] as Feeling[],
      shared: i % 3 !== 0,
      sessionId: null,
    }),
  });
  const mine = seeded.filter((r) => r.authorId === ana);
  const revised = mine.filter((_, i) => i % 10 === 0);
  await batchPut(api.documentClient, api.tableName, revised.flatMap(revisedTwice));
  console.log(
    `seeded ${mine.length} reflections by ${ana} (${revised.length} revised twice) and ${seeded.length - mine.length} by ${ben} in ${Math.round(performance.now() - seedStarted)} ms`,
  );
  return { coupleId, seeded, mine, revised };
}
