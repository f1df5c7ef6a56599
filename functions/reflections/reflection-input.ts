import { ValidationError } from '../shared/errors';
import { requireIntInRange, requireText } from '../shared/validation/validators';
import {
  CLOSENESS,
  REFLECTION_BODY,
  type Feeling,
  type Reflection,
  type ReflectionContent,
  type ReflectionRevision,
  type ReflectionSharing,
} from './reflection.model';

/**
 * Input rules for reflections, pure. Each failure names the field as the
 * client wrote it and the rule; no message ever repeats the text it refused.
 */

export interface SharingInput {
  partner?: boolean | null;
  careTeam?: boolean | null;
}

export interface NewContentInput {
  body: string;
  closeness?: number | null;
  feelings?: readonly Feeling[] | null;
  sharing?: SharingInput | null;
}

export interface RevisionInput {
  expectedVersion: number;
  body?: string | null;
  closeness?: number | null;
  feelings?: readonly Feeling[] | null;
  sharing?: SharingInput | null;
}

/** The content of a new reflection: defaults filled in (no rating, no feelings, private). */
export function validateNewContent(input: NewContentInput): ReflectionContent {
  return {
    body: requireBody(input.body),
    closeness: input.closeness === undefined || input.closeness === null ? null : requireCloseness(input.closeness),
    feelings: distinct(input.feelings ?? []),
    sharing: toSharing(input.sharing),
  };
}

/**
 * A revision's changes. Omitted fields keep their value; `closeness: null`
 * removes the rating; null for body, feelings or sharing is refused (it
 * could only mean "erase", which they cannot be).
 */
export function validateRevision(input: RevisionInput): { expectedVersion: number; changes: Partial<ReflectionContent> } {
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) {
    throw new ValidationError('input.expectedVersion', 'must be a positive integer: the version you read');
  }
  const changes: Partial<ReflectionContent> = {};
  if (input.body === null) throw new ValidationError('input.body', 'must not be null (omit it to keep the current text)');
  if (input.body !== undefined) changes.body = requireBody(input.body);
  if (input.closeness !== undefined) changes.closeness = input.closeness === null ? null : requireCloseness(input.closeness);
  if (input.feelings === null)
    throw new ValidationError('input.feelings', 'must not be null (omit it to keep, [] to remove every feeling)');
  if (input.feelings !== undefined) changes.feelings = distinct(input.feelings);
  if (input.sharing === null) throw new ValidationError('input.sharing', 'must not be null (omit it to keep the current sharing)');
  if (input.sharing !== undefined) changes.sharing = toSharing(input.sharing);
  if (Object.keys(changes).length === 0) {
    throw new ValidationError('input', 'must change at least one of body, closeness, feelings, sharing');
  }
  return { expectedVersion: input.expectedVersion, changes };
}

/**
 * The next version of `current` and the revision that keeps the version it
 * replaces (with the instant that version was written).
 */
export function revise(
  current: Reflection,
  changes: Partial<ReflectionContent>,
  now: string,
): { revised: Reflection; revision: ReflectionRevision } {
  const revision: ReflectionRevision = {
    reflectionId: current.id,
    version: current.version,
    body: current.body,
    closeness: current.closeness,
    feelings: current.feelings,
    sharing: current.sharing,
    editedAt: current.updatedAt,
  };
  return { revised: { ...current, ...changes, updatedAt: now, version: current.version + 1 }, revision };
}

function requireBody(body: string): string {
  return requireText('input.body', body, REFLECTION_BODY.min, REFLECTION_BODY.max);
}

function requireCloseness(closeness: number): number {
  return requireIntInRange('input.closeness', closeness, CLOSENESS.min, CLOSENESS.max);
}

function distinct(feelings: readonly Feeling[]): Feeling[] {
  return [...new Set(feelings)];
}

function toSharing(input: SharingInput | null | undefined): ReflectionSharing {
  return { partner: input?.partner === true, careTeam: input?.careTeam === true };
}
