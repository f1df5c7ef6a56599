/** The contract's feelings, in its order. */
export const FEELINGS = [
  'LOVED',
  'SAFE',
  'HEARD',
  'CLOSE',
  'HOPEFUL',
  'GRATEFUL',
  'CALM',
  'ANXIOUS',
  'LONELY',
  'DISTANT',
  'HURT',
  'FRUSTRATED',
  'INSECURE',
  'AFRAID',
] as const;

export type Feeling = (typeof FEELINGS)[number];

/** Who besides the author may read a reflection. Private (both false) by default. */
export interface ReflectionSharing {
  partner: boolean;
  /** Stored now; the practices issue lets care teams with REFLECTIONS scope read it. */
  careTeam: boolean;
}

/** What an author writes and may revise. */
export interface ReflectionContent {
  body: string;
  /** 1..10, or null when the author did not rate closeness. */
  closeness: number | null;
  /** Distinct, in the order the author gave them. */
  feelings: Feeling[];
  sharing: ReflectionSharing;
}

/** A reflection in its current version. */
export interface Reflection extends ReflectionContent {
  id: string;
  coupleId: string;
  authorId: string;
  sessionId: string | null;
  promptId: string | null;
  createdAt: string;
  /** When the current version was written. */
  updatedAt: string;
  /** 1 at creation; each revision adds 1 (and keeps the previous version as a revision). */
  version: number;
  /**
   * The local date (couple's zone at creation) whose health roll-up counts
   * this reflection. Revising or deleting it adjusts that same day, even if
   * the couple's zone changed since.
   */
  rollupDate: string;
}

/** An earlier version of a reflection: append-only, readable by the author alone. */
export interface ReflectionRevision extends ReflectionContent {
  reflectionId: string;
  version: number;
  /** When this version was written (version 1: the reflection's createdAt). */
  editedAt: string;
}

/** Body length in characters (stored as sent; whitespace alone is empty). */
export const REFLECTION_BODY = { min: 1, max: 20_000 } as const;

/** Closeness rating range. */
export const CLOSENESS = { min: 1, max: 10 } as const;

/**
 * Revisions a reflection may have. Deleting a reflection erases it and every
 * revision in ONE transaction (at most 100 actions): 1 reflection + 50
 * revisions + at most 45 list entries (3 readers × (1 + 14 feelings)) + 1
 * roll-up = 97. The care watch's actions do not fit beside that; the care
 * tracking then re-evaluates the watch right after (drift-tracker.ts).
 */
export const MAX_REVISIONS = 50;
