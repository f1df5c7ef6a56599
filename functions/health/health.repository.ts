import { coupleKey } from '../couples/couple-keys';
import type { ReconnectRollup } from '../reconnect/reconnect';
import { queryAll } from '../shared/data/query-all';
import type { Item, Key, TableContext } from '../shared/data/table';
import type { LabelledAction } from '../shared/data/transaction';
import { localDateOf } from '../shared/time/local-days';
import type { PersonDay, Rollups } from './health.model';
import type { RollupAction } from './rollup-change';

/*
 * Items of this domain, in the couple's partition so that any range of days
 * is ONE Query however long the couple's history:
 * - partners' day: pk = COUPLE#<coupleId>, sk = DAY#<YYYY-MM-DD>
 *   `<field>|<personId>` for closenessSum, closenessCount, reflections, answers
 * - couple's day:  pk = COUPLE#<coupleId>, sk = DAY#<YYYY-MM-DD>#COUPLE
 *   sessionsBothCompleted (its own item: a reflection that completes a
 *   reconnect late updates both in one transaction, which may not touch one
 *   item twice)
 * Only numbers, each grown with ADD. Both partners share one item a day: a
 * 90-day window is at most 90 items plus the days with a reconnect, and a
 * Query's cost grows with the items it returns (bench:reflections).
 * The date is the local date in the couple's zone at the time of the write,
 * and never moves afterwards: revising or deleting a reflection adjusts the
 * day it was counted on (the reflection remembers it).
 *
 * Roll-ups are written in the SAME transaction as the data they sum (never a
 * second write that could fail alone): the services of reflections (write,
 * revise, delete) and sessions (first answer to a prompt, a reconnect) add
 * the labelled actions HealthRepository builds to their transactions.
 */

const DAY_PREFIX = 'DAY#';
const PERSON_FIELDS = ['closenessSum', 'closenessCount', 'reflections', 'answers'] as const;
type PersonField = (typeof PERSON_FIELDS)[number];

/** Key of the partners' roll-up for one local date. */
export function dayKey(coupleId: string, date: string): Key {
  return { pk: coupleKey(coupleId).pk, sk: `${DAY_PREFIX}${date}` };
}

const COUPLE_SUFFIX = '#COUPLE';

/** Key of the couple's own roll-up (reconnects) for one local date. */
export function coupleDayKey(coupleId: string, date: string): Key {
  return { pk: coupleKey(coupleId).pk, sk: `${DAY_PREFIX}${date}${COUPLE_SUFFIX}` };
}

/** The attribute holding one partner's number of one kind: `closenessSum|<personId>`. */
function personAttribute(field: PersonField, personId: string): string {
  return `${field}|${personId}`;
}

/** How a write changes one partner's day: each field is ADDed (negative to subtract). */
export type PersonDayDelta = Partial<Pick<PersonDay, PersonField>>;

/** An ADD of `amounts` (attribute name → number) to a roll-up item, creating it on first use. */
function addTo(tableName: string, key: Key, amounts: [string, number][]): LabelledAction<'retry'> {
  return {
    action: {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `ADD ${amounts.map((_, i) => `#a${i} :a${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(amounts.map(([name], i) => [`#a${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(amounts.map(([, value], i) => [`:a${i}`, value])),
      },
    },
    // Unconditional: an ADD never fails its condition; 'retry' only labels a lost race.
    onFailure: 'retry',
  };
}

/** Data access for roll-ups. One instance per request: it remembers what it read. */
export class HealthRepository {
  private readonly cache = new Map<string, Promise<Rollups>>();

  constructor(private readonly table: TableContext) {}

  /**
   * The action that ADDs `delta` to a partner's numbers of a day. ADD is
   * commutative, so concurrent writers on one day never lose each other's
   * counts. Null when the delta changes nothing.
   */
  personDayAction(day: { coupleId: string; date: string; personId: string }, delta: PersonDayDelta): RollupAction | null {
    const changes = PERSON_FIELDS.flatMap((field) =>
      delta[field] ? [[personAttribute(field, day.personId), delta[field] as number] as [string, number]] : [],
    );
    if (changes.length === 0) return null;
    return {
      ...addTo(this.table.tableName, dayKey(day.coupleId, day.date), changes),
      change: { kind: 'person', date: day.date, personId: day.personId, delta: { ...delta } },
    };
  }

  /**
   * The action for a partner's FIRST answer to a prompt (not a replacement
   * of their own earlier answer: participation counts prompts answered, not
   * edits). `timezone` is the couple's plan timezone.
   */
  answerAction(answer: { coupleId: string; personId: string; answeredAt: string; timezone: string }): RollupAction {
    return this.personDayAction(
      { coupleId: answer.coupleId, personId: answer.personId, date: localDateOf(answer.answeredAt, answer.timezone) },
      { answers: 1 },
    ) as RollupAction;
  }

  /** The action that counts a reconnect (functions/reconnect/reconnect.ts) on the couple's local date of its completion. */
  reconnectAction(rollup: ReconnectRollup): RollupAction {
    const date = localDateOf(rollup.completedAt, rollup.timezone);
    return {
      ...addTo(this.table.tableName, coupleDayKey(rollup.coupleId, date), [['sessionsBothCompleted', 1]]),
      change: { kind: 'couple', date, sessionsBothCompleted: 1 },
    };
  }

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

  /**
   * The same range read strongly consistently and never cached: what the
   * drift tracker computes a write's drift from, after reading the care
   * watch whose version that write is conditioned on.
   */
  rollupsConsistent(coupleId: string, from: string, to: string): Promise<Rollups> {
    return this.query(coupleId, from, to, true);
  }

  private async query(coupleId: string, from: string, to: string, consistent = false): Promise<Rollups> {
    const items = await queryAll(this.table, {
      ...(consistent ? { ConsistentRead: true } : {}),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
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

/** Spreads one roll-up item into the partners' days, or reads the couple's day. */
function addRollup(rollups: Rollups, item: Item): void {
  const sk = String(item.sk);
  const date = sk.slice(DAY_PREFIX.length, DAY_PREFIX.length + 10);
  if (sk.endsWith(COUPLE_SUFFIX)) {
    rollups.coupleDays.push({ date, sessionsBothCompleted: Number(item.sessionsBothCompleted ?? 0) });
    return;
  }
  const people = new Map<string, PersonDay>();
  for (const [name, value] of Object.entries(item)) {
    const separator = name.indexOf('|');
    if (separator < 0) continue;
    const field = name.slice(0, separator) as PersonField;
    if (!PERSON_FIELDS.includes(field)) continue;
    const personId = name.slice(separator + 1);
    const day = people.get(personId) ?? { date, personId, closenessSum: 0, closenessCount: 0, reflections: 0, answers: 0 };
    day[field] = Number(value);
    people.set(personId, day);
  }
  rollups.personDays.push(...people.values());
}
