/**
 * Seeds long reflection histories straight into the table with the
 * repositories' own item builders (the same items the API writes), in
 * BatchWriteItem requests of 25: thousands of reflections in seconds, where
 * writing them through the API would take minutes. Used by history tests and
 * by bench/reflections.ts.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayItems } from './rollup-items';
import type { PersonDay } from '../../functions/health/health.model';
import { localDateOf } from '../../functions/shared/time/local-days';
import { entryItems, reflectionItem } from '../../functions/reflections/reflection.repository';
import type { Feeling, Reflection } from '../../functions/reflections/reflection.model';
import type { Item } from '../../functions/shared/data/table';

export interface SeedShape {
  /** 0 or 1: which partner wrote it. */
  author: 0 | 1;
  closeness: number | null;
  feelings: Feeling[];
  shared: boolean;
  sessionId: string | null;
}

export interface SeedSpec {
  /** Local ids. */
  coupleId: string;
  partnerIds: [string, string];
  timezone: string;
  count: number;
  /** createdAt of the newest reflection; each older one is `stepMinutes` earlier. */
  newestAt: string;
  stepMinutes: number;
  /** The shape of reflection `i` (0 = newest). */
  shape: (i: number) => SeedShape;
}

/** Writes `count` reflections, their list entries and the matching daily roll-ups; returns them newest first. */
export async function seedReflections(client: DynamoDBDocumentClient, tableName: string, spec: SeedSpec): Promise<Reflection[]> {
  const reflections: Reflection[] = [];
  const days = new Map<string, PersonDay>();
  for (let i = 0; i < spec.count; i += 1) {
    const shape = spec.shape(i);
    const createdAt = new Date(Date.parse(spec.newestAt) - i * spec.stepMinutes * 60_000).toISOString();
    const authorId = spec.partnerIds[shape.author];
    const reflection: Reflection = {
      id: `seed-${String(i).padStart(6, '0')}-${spec.coupleId.slice(0, 8)}`,
      coupleId: spec.coupleId,
      authorId,
      sessionId: shape.sessionId,
      promptId: null,
      body: `Seeded reflection ${i}: ${'words '.repeat(40)}`,
      closeness: shape.closeness,
      feelings: shape.feelings,
      sharing: { partner: shape.shared, careTeam: false },
      createdAt,
      updatedAt: createdAt,
      version: 1,
      rollupDate: localDateOf(createdAt, spec.timezone),
    };
    reflections.push(reflection);
    const key = `${reflection.rollupDate}|${authorId}`;
    const day = days.get(key) ?? {
      date: reflection.rollupDate,
      personId: authorId,
      closenessSum: 0,
      closenessCount: 0,
      reflections: 0,
      answers: 0,
    };
    day.reflections += 1;
    if (shape.closeness !== null) {
      day.closenessSum += shape.closeness;
      day.closenessCount += 1;
    }
    days.set(key, day);
  }
  const items: Item[] = [
    ...reflections.flatMap((r) => [reflectionItem(r), ...entryItems(r, spec.partnerIds)]),
    ...dayItems(spec.coupleId, { personDays: [...days.values()] }),
  ];
  await batchPut(client, tableName, items);
  return reflections;
}

/** Puts items 25 at a time, a few batches in flight, retrying unprocessed ones. */
export async function batchPut(client: DynamoDBDocumentClient, tableName: string, items: readonly Item[]): Promise<void> {
  const chunks: Item[][] = [];
  for (let start = 0; start < items.length; start += 25) chunks.push(items.slice(start, start + 25));
  const inFlight = 4;
  for (let start = 0; start < chunks.length; start += inFlight) {
    await Promise.all(
      chunks.slice(start, start + inFlight).map(async (chunk) => {
        let pending: { PutRequest: { Item: Item } }[] = chunk.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (result.UnprocessedItems?.[tableName] as typeof pending | undefined) ?? [];
        }
      }),
    );
  }
}
