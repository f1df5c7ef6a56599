/** OPEN until both partners answered its prompt in a session; then DONE. */
export type AssignmentStatus = 'OPEN' | 'DONE';

/** Homework: a prompt a practice member asks a couple to talk about. */
export interface PromptAssignment {
  id: string;
  coupleId: string;
  practiceId: string;
  promptId: string;
  assignedBy: string;
  note: string | null;
  dueBy: string | null;
  status: AssignmentStatus;
  createdAt: string;
  /** The session in which every partner answered it. */
  completedIn: string | null;
  completedAt: string | null;
}

/** Note length, in characters (stored as sent; whitespace alone is empty). */
export const ASSIGNMENT_NOTE = { min: 1, max: 1000 } as const;

/** How far ahead dueBy may be. */
export const MAX_DUE_DAYS = 366;

/** Open assignments a session draws at most (the rest wait for the next session). */
export const MAX_OPEN_DRAWN = 10;
