import { isKnownTimeZone } from '../time/zoned-time';
import { ValidationError } from '../errors';
import { text } from './text';

/**
 * Input rules shared by every domain. Each throws a ValidationError that names
 * the field (as the client wrote it, e.g. `input.sessionsPerMonth`) and the rule.
 */

/**
 * Text of `min`..`max` characters (whitespace around it not counting
 * towards `min`), under the contract's text rule (no lone surrogates, no
 * control characters but newline and tab); returns it as sent. Same as
 * `text(field, value, { min, max })` from ./text, kept for the callers that
 * already use it.
 */
export function requireText(field: string, value: string, min: number, max: number): string {
  return text(field, value, { min, max });
}

/** An integer in `min`..`max`. */
export function requireIntInRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** True for names the IANA database knows (Europe/Berlin, UTC), false for offsets and made-up names. */
export function isIanaTimeZone(name: string): boolean {
  return typeof name === 'string' && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name) && isKnownTimeZone(name);
}

/** A known IANA time zone name. */
export function requireTimeZone(field: string, value: string): string {
  if (!isIanaTimeZone(value)) throw new ValidationError(field, 'must be a known IANA time zone name, e.g. Europe/Berlin');
  return value;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a 24-hour `HH:MM`. */
export function isLocalTime(value: string): boolean {
  return typeof value === 'string' && LOCAL_TIME.test(value);
}

/** A 24-hour `HH:MM` wall-clock time. */
export function requireLocalTime(field: string, value: string): string {
  if (!isLocalTime(value)) throw new ValidationError(field, 'must be a 24-hour time HH:MM, e.g. 19:00');
  return value;
}

/** Page size for connections: 1..100 so one page is one bounded DynamoDB query. */
export function requirePageSize(field: string, value: number | null | undefined, fallback = 20): number {
  return requireIntInRange(field, value ?? fallback, 1, 100);
}
