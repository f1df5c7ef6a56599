import { localDate } from './zoned-time';

/**
 * Calendar days in a couple's time zone. Health counts "days" as local
 * calendar dates (YYYY-MM-DD), never as 24-hour spans: a reflection written
 * at 23:30 in Berlin belongs to that Berlin date whatever the UTC date, and a
 * daylight-saving day (23 or 25 hours long) is still one day.
 */

/** The YYYY-MM-DD that `instant` falls on in `zone`. */
export function localDateOf(instant: string | Date, zone: string): string {
  const at = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(at)) throw new Error(`Cannot place ${String(instant)} in zone ${zone}`);
  return localDate(at, zone);
}

const DAY_MS = 86_400_000;

/*
 * Date arithmetic on YYYY-MM-DD needs no zone: such a date parses as UTC
 * midnight, and UTC days are all 24 hours long. Plain Date maths (rather
 * than Intl) because health does it for every roll-up it reads.
 */

/** `date` moved by `days` calendar days (negative: back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** The first date of the `days`-long window that ends with (and includes) `today`. */
export function windowStart(today: string, days: number): string {
  return addDays(today, -(days - 1));
}
