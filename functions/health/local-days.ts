import { DateTime } from 'luxon';

/**
 * Calendar days in a couple's time zone. Health counts "days" as local
 * calendar dates (YYYY-MM-DD), never as 24-hour spans: a reflection written
 * at 23:30 in Berlin belongs to that Berlin date whatever the UTC date, and a
 * daylight-saving day (23 or 25 hours long) is still one day.
 */

/** The YYYY-MM-DD that `instant` falls on in `zone`. */
export function localDateOf(instant: string | Date, zone: string): string {
  const at = typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  const date = at.toISODate();
  if (!at.isValid || !date) throw new Error(`Cannot place ${String(instant)} in zone ${zone}`);
  return date;
}

/** `date` moved by `days` calendar days (negative: back). Pure date arithmetic: no zone, no DST. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days);
}

/** The first date of the `days`-long window that ends with (and includes) `today`. */
export function windowStart(today: string, days: number): string {
  return addDays(today, -(days - 1));
}
