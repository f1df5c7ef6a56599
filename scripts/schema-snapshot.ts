/**
 * What `npm run schema:snapshot` may write. The published snapshot is the
 * baseline of tests/schema/breaking-changes.test.ts; if re-recording it
 * accepted anything, a breaking change plus a re-snapshot would pass that
 * test, so a breaking change is recorded only when asked for by name.
 */
import { buildSchema, findBreakingChanges, lexicographicSortSchema, printSchema } from 'graphql';

/** The flag that records a schema even though it breaks clients of the published one. */
export const ACCEPT_BREAKING_FLAG = '--accept-breaking';

export interface SnapshotOptions {
  acceptBreaking: boolean;
}

/** What to do: write `printed`, or refuse because of `breaking` (one line per change). */
export interface SnapshotDecision {
  write: boolean;
  printed: string;
  breaking: string[];
}

/**
 * Reads the script's arguments; an unknown one is refused, so a misspelt
 * override never silently means "no override".
 */
export function snapshotOptions(argv: readonly string[]): SnapshotOptions {
  const unknown = argv.filter((arg) => arg !== ACCEPT_BREAKING_FLAG);
  if (unknown.length > 0) throw new Error(`Unknown argument(s): ${unknown.join(' ')} (only ${ACCEPT_BREAKING_FLAG} is accepted)`);
  return { acceptBreaking: argv.includes(ACCEPT_BREAKING_FLAG) };
}

/**
 * Decides whether the current schema may replace the published snapshot.
 *
 * @param published the snapshot's SDL, or null when there is none yet (nothing to break)
 * @param current the schema's SDL as the server builds it
 * @returns the sorted SDL to write, and the breaking changes found (refused unless accepted)
 */
export function decideSnapshot(published: string | null, current: string, options: SnapshotOptions): SnapshotDecision {
  const currentSchema = buildSchema(current);
  const printed = `${printSchema(lexicographicSortSchema(currentSchema))}\n`;
  const breaking =
    published === null
      ? []
      : findBreakingChanges(buildSchema(published), currentSchema).map((change) => `${change.type}: ${change.description}`);
  return { write: breaking.length === 0 || options.acceptBreaking, printed, breaking };
}
