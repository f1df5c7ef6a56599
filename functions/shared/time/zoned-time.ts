/**
 * Wall-clock time in IANA time zones, with the runtime's own time zone data
 * (Intl). Written here instead of pulling in a date library because the
 * GraphQL Lambda's bundle size and cold start are budgeted (bench/cold-start)
 * and these four functions are all the project needs. The rules match
 * Luxon's, which this module replaced: see tests/shared/zoned-time.test.ts.
 */

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** A calendar date and wall-clock time, as someone in the zone reads it. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** True for names the runtime's IANA database knows (Europe/Berlin, UTC). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** What a clock in `zone` shows at `instant`. */
export function wallTimeAt(instant: Date | number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
  };
}

/** The zone's offset from UTC at `instant`, in minutes (Berlin in winter: 60). */
function offsetMinutes(instant: number, zone: string): number {
  const wall = wallTimeAt(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - (instant - (instant % 1000))) / MINUTE_MS);
}

/** `YYYY-MM-DD` of `instant` in `zone`. */
export function localDate(instant: Date | number, zone: string): string {
  const { year, month, day } = wallTimeAt(instant, zone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The instant at which a clock in `zone` shows `date` (`YYYY-MM-DD`) at
 * `hour:minute`. A time skipped by a spring-forward change moves forward by
 * the gap (02:30 → 03:30). A time that occurs twice (fall back) resolves to
 * one of its two instants, whichever the first offset guess lands on: both
 * show that wall-clock time, which is all a reminder needs.
 */
export function instantAt(date: string, hour: number, minute: number, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute);
  // Guess the offset, check it at the resulting instant, correct once; if the
  // corrected offset disagrees again, the wall time falls in a gap.
  const guess = offsetMinutes(local, zone);
  let utc = local - guess * MINUTE_MS;
  const second = offsetMinutes(utc, zone);
  if (second === guess) return new Date(utc);
  utc = local - second * MINUTE_MS;
  const third = offsetMinutes(utc, zone);
  if (third === second) return new Date(utc);
  return new Date(local - Math.min(second, third) * MINUTE_MS);
}

/** `date` (`YYYY-MM-DD`) moved by `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * The instant an RFC 3339 timestamp names, or null when it is malformed or
 * names an impossible date or time (30 February, 24:00, +25:00), which
 * `Date.parse` would quietly roll over into another instant.
 */
export function parseRfc3339(value: string): Date | null {
  const match = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
  const offsetOk = match[8]?.toUpperCase() === 'Z' || (Number(match[9]) <= 23 && Number(match[10]) <= 59);
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second! > 59 || !offsetOk) {
    return null;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}
