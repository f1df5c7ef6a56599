import { coupleDayKey, dayKey } from '../../functions/health/health.repository';
import type { CoupleDay, PersonDay } from '../../functions/health/health.model';
import type { Item } from '../../functions/shared/data/table';

const PERSON_FIELDS = ['closenessSum', 'closenessCount', 'reflections', 'answers'] as const;

/**
 * Roll-up items for a hand-built history (tests and benchmarks seed with
 * them): one item per date, holding every partner's numbers as
 * `<field>|<personId>` and the couple's day as its own item, exactly as the
 * ADD updates of functions/health/health.repository.ts leave them (zero
 * counts absent).
 */
export function dayItems(coupleId: string, days: { personDays?: readonly PersonDay[]; coupleDays?: readonly CoupleDay[] }): Item[] {
  const byDate = new Map<string, Item>();
  const itemOf = (date: string) => byDate.get(date) ?? byDate.set(date, { ...dayKey(coupleId, date) }).get(date)!;
  const coupleItems = (days.coupleDays ?? [])
    .filter((day) => day.sessionsBothCompleted !== 0)
    .map((day) => ({ ...coupleDayKey(coupleId, day.date), sessionsBothCompleted: day.sessionsBothCompleted }));
  for (const day of days.personDays ?? []) {
    const item = itemOf(day.date);
    for (const field of PERSON_FIELDS) {
      const name = `${field}|${day.personId}`;
      if (day[field] !== 0) item[name] = ((item[name] as number) ?? 0) + day[field];
    }
  }
  return [...byDate.values(), ...coupleItems];
}
