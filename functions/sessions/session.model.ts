/** SCHEDULED → IN_PROGRESS → COMPLETED, and CANCELLED from either of the first two (session-state.ts). */
export type SessionStatus = 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';

/** A prompt drawn for a session, at its place in the session (1-based). */
export interface SessionPromptRef {
  position: number;
  promptId: string;
}

/** Time a couple set apart to reconnect. */
export interface ReconnectSession {
  id: string;
  coupleId: string;
  status: SessionStatus;
  createdAt: string;
  scheduledFor: string | null;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  /** The partner who started it (person id). */
  startedBy: string | null;
  /** Drawn when the session starts; empty while SCHEDULED. */
  prompts: SessionPromptRef[];
  /**
   * Partners who took part (answered a prompt; reflections will add to it).
   * Stored as a DynamoDB string set grown with `ADD`, which is commutative:
   * two partners answering at the same instant both end up in it. Every
   * writer that ADDs here must also bump `version`: completion checks the
   * version, so it never decides "both took part" from a stale read.
   */
  participantIds: string[];
  /** Optimistic-locking counter: every write bumps it, state changes check it. */
  version: number;
}

/** What `SessionPrompt` resolves from: the session (for the reveal rule) and one of its prompts. */
export interface SessionPromptModel {
  session: ReconnectSession;
  position: number;
  promptId: string;
}

/** One partner's answer to one prompt of a session: its own item, so answers never overwrite each other. */
export interface PromptAnswer {
  sessionId: string;
  coupleId: string;
  promptId: string;
  authorId: string;
  text: string;
  /** When the author last answered (answering again replaces text and time). */
  answeredAt: string;
}

/** Prompts drawn when startSession gives no promptCount, and the allowed range. */
export const PROMPT_COUNT = { min: 1, max: 10, default: 3 } as const;

/** Answer text limits, in characters (stored as sent; whitespace alone is empty). */
export const ANSWER_TEXT = { min: 1, max: 10_000 } as const;

/** How far ahead a session may be scheduled; further is almost certainly a typo. */
export const MAX_SCHEDULE_DAYS = 366;

/** The instant a session sorts by in a couple's history: its start, else its scheduled time. */
export function sortInstant(session: Pick<ReconnectSession, 'startedAt' | 'scheduledFor' | 'createdAt'>): string {
  return session.startedAt ?? session.scheduledFor ?? session.createdAt;
}

/** True when every partner took part: only such sessions count as reconnecting. */
export function everyPartnerTookPart(session: Pick<ReconnectSession, 'participantIds'>, partnerIds: readonly string[]): boolean {
  return partnerIds.length > 0 && partnerIds.every((id) => session.participantIds.includes(id));
}
