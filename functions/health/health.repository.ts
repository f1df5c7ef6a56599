import { coupleKey } from '../couples/couple.repository';
import { queryAll } from '../shared/data/query-all';
import type { Item, Key, TableContext } from '../shared/data/table';
import { localDateOf } from './local-days';
import type { CoupleDay, PersonDay, Rollups } from './health.model';

/*
 * Items of this domain: daily roll-ups, in the couple's partition so that any
 * range of days is ONE Query, however long the couple's history.
 * - person day: pk = COUPLE#<coupleId>, sk = DAY#<YYYY-MM-DD>#PERSON#<personId>
 *   closenessSum, closenessCount, reflections, answers (numbers, grown with ADD)
 * - couple day: pk = COUPLE#<coupleId>, sk = DAY#<YYYY-MM-DD>#COUPLE
 *   sessionsBothCompleted
 * The date is the local date in the couple's zone at the time of the write,
 * and never moves afterwards: revising or deleting a reflection adjusts the
 * day it was counted on (the reflection remembers it).
 *
 * Roll-ups are written by the domains whose data they sum, in the SAME
 * transaction as that data (never a second write that could fail alone):
 * reflections (write, revise, delete) and sessions (first answer to a prompt,
 * completion with both partners). This file exports the transaction actions.
 */

const DAY_PREFIX = 'DAY#';

/** Key of one partner's roll-up for one local date. */
export function personDayKey(coupleId: string, date: string, personId: string): Key {
  return { pk: coupleKey(coupleId).pk, sk: `${DAY_PREFIX}${date}#PERSON#${personId}` };
}

/** Key of the couple's roll-up for one local date. */
export function coupleDayKey(coupleId: string, date: string): Key {
  return { pk: coupleKey(coupleId).pk, sk: `${DAY_PREFIX}${date}#COUPLE` };
}

/** How a write changes one partner's day: each field is ADDed (negative to subtract). */
export type PersonDayDelta = Partial<Pick<PersonDay, 'closenessSum' | 'closenessCount' | 'reflections' | 'answers'>>;

type TransactUpdate = { Update: { TableName: string; Key: Key; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } };

/**
 * The Update action that ADDs `delta` to a partner's day (creating the item on
 * first use). ADD is commutative, so concurrent writers on one day never lose
 * each other's counts. Null when the delta changes nothing.
 */
export function personDayDeltaAction(
  tableName: string,
  day: { coupleId: string; date: string; personId: string },
  delta: PersonDayDelta,
): TransactUpdate | null {
  const changes = Object.entries(delta).filter(([, value]) => value !== undefined && value !== 0) as [string, number][];
  if (changes.length === 0) return null;
  return {
    Update: {
      TableName: tableName,
      Key: personDayKey(day.coupleId, day.date, day.personId),
      UpdateExpression: `SET #type = :type, coupleId = :coupleId, #date = :date, personId = :personId ADD ${changes
        .map(([name]) => `${name} :${name}`)
        .join(', ')}`,
      ExpressionAttributeNames: { '#type': 'type', '#date': 'date' },
      ExpressionAttributeValues: {
        ':type': 'PersonDay',
        ':coupleId': day.coupleId,
        ':date': day.date,
        ':personId': day.personId,
        ...Object.fromEntries(changes.map(([name, value]) => [`:${name}`, value])),
      },
    },
  };
}

/**
 * INTEGRATION POINT (sessions): add this action to the transaction that
 * stores a partner's FIRST answer to a prompt (SessionRepository.saveAnswer),
 * not to a replacement of their own earlier answer: participation counts
 * prompts answered, not edits. `timezone` is the couple's plan timezone.
 */
export function answerRollupAction(
  tableName: string,
  answer: { coupleId: string; personId: string; answeredAt: string; timezone: string },
): TransactUpdate {
  return personDayDeltaAction(
    tableName,
    { coupleId: answer.coupleId, personId: answer.personId, date: localDateOf(answer.answeredAt, answer.timezone) },
    { answers: 1 },
  ) as TransactUpdate;
}

/**
 * INTEGRATION POINT (sessions): add this action to the transaction that
 * completes a session in which every partner took part (SessionService.complete,
 * when it passes a coupleUpdate to SessionRepository.save). The reflections
 * domain adds the same action itself when a reflection written after
 * completion is what makes every partner a participant.
 */
export function sessionCompletedRollupAction(
  tableName: string,
  session: { coupleId: string; completedAt: string; timezone: string },
): TransactUpdate {
  const date = localDateOf(session.completedAt, session.timezone);
  return {
    Update: {
      TableName: tableName,
      Key: coupleDayKey(session.coupleId, date),
      UpdateExpression: 'SET #type = :type, coupleId = :coupleId, #date = :date ADD sessionsBothCompleted :one',
      ExpressionAttributeNames: { '#type': 'type', '#date': 'date' },
      ExpressionAttributeValues: { ':type': 'CoupleDay', ':coupleId': session.coupleId, ':date': date, ':one': 1 },
    },
  };
}

/**
 * The full item of a partner's day (tests and benchmarks seed histories with
 * it). Zero counts are left out, exactly as the ADD updates leave them out.
 */
export function personDayItem(coupleId: string, day: PersonDay): Item {
  const counts = Object.entries(day).filter(([name, value]) => name !== 'date' && name !== 'personId' && value !== 0);
  return { ...personDayKey(coupleId, day.date, day.personId), type: 'PersonDay', coupleId, date: day.date, personId: day.personId, ...Object.fromEntries(counts) };
}

/** The full item of a couple's day (tests and benchmarks seed histories with it). */
export function coupleDayItem(coupleId: string, day: CoupleDay): Item {
  return { ...coupleDayKey(coupleId, day.date), type: 'CoupleDay', coupleId, ...day };
}

/** Data access for roll-ups. One instance per request: it remembers what it read. */
export class HealthRepository {
  private readonly cache = new Map<string, Promise<Rollups>>();

  constructor(private readonly table: TableContext) {}

  /**
   * Every roll-up of the couple from `from` to `to` (local dates, inclusive):
   * ONE Query of at most (partners + 1) items a day (365 days ≈ 1,100 small
   * items, well inside one 1 MB page). Its cost depends on the range, never
   * on how many reflections, answers or sessions the couple has.
   */
  rollups(coupleId: string, from: string, to: string): Promise<Rollups> {
    const cacheKey = `${coupleId}|${from}|${to}`;
    let pending = this.cache.get(cacheKey);
    if (!pending) {
      pending = this.query(coupleId, from, to);
      this.cache.set(cacheKey, pending);
    }
    return pending;
  }

  private async query(coupleId: string, from: string, to: string): Promise<Rollups> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      // Only the numbers and the key (date and person are in it): half the bytes of whole items.
      ProjectionExpression: 'sk, closenessSum, closenessCount, reflections, answers, sessionsBothCompleted',
      ExpressionAttributeValues: {
        ':pk': coupleKey(coupleId).pk,
        ':from': `${DAY_PREFIX}${from}`,
        // '~' sorts after every character of a key suffix, so `to`'s own items are included.
        ':to': `${DAY_PREFIX}${to}~`,
      },
    });
    const rollups: Rollups = { personDays: [], coupleDays: [] };
    for (const item of items) addRollup(rollups, item);
    return rollups;
  }
}

/** Reads a roll-up from its key: `DAY#<date>#PERSON#<personId>` or `DAY#<date>#COUPLE`. */
function addRollup(rollups: Rollups, item: Item): void {
  const num = (name: string) => Number(item[name] ?? 0);
  const sk = String(item.sk);
  const date = sk.slice(DAY_PREFIX.length, DAY_PREFIX.length + 10);
  const rest = sk.slice(DAY_PREFIX.length + 11);
  if (rest.startsWith('PERSON#')) {
    rollups.personDays.push({
      date,
      personId: rest.slice('PERSON#'.length),
      closenessSum: num('closenessSum'),
      closenessCount: num('closenessCount'),
      reflections: num('reflections'),
      answers: num('answers'),
    });
  } else if (rest === 'COUPLE') {
    rollups.coupleDays.push({ date, sessionsBothCompleted: num('sessionsBothCompleted') });
  }
}
