/** The slices of the public schema (contract parts 01-05) that the dashboard reads. */
export type DriftRisk = 'LOW' | 'MEDIUM' | 'HIGH';
export type DriftSignal = 'OVERDUE_RECONNECT' | 'CLOSENESS_DECLINING' | 'LOW_CLOSENESS' | 'ONE_SIDED_PARTICIPATION' | 'IGNORED_REMINDERS';
export type CareScope = 'SUMMARY' | 'REFLECTIONS';

export interface Person {
  id: string;
  displayName: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Membership {
  role: 'ADMIN' | 'COUNSELOR';
  practice: { id: string; name: string };
}

export interface ViewerData {
  me: { person: Person | null; scopes: string[] };
}

export interface MembershipsData {
  me: { practices: Membership[] | null };
}

export interface HealthSummary {
  driftRisk: DriftRisk;
  driftSignals: DriftSignal[];
  daysSinceLastReconnect: number | null;
  sessionsLast30Days: number;
  targetSessionsPerMonth: number;
  closenessAverage30d: number | null;
}

export interface CaseloadEntry {
  scope: CareScope;
  grantedAt: string;
  couple: {
    id: string;
    status: string;
    partners: Person[];
    lastReconnectedAt: string | null;
    health: HealthSummary;
  };
}

export interface CaseloadData {
  practice: {
    id: string;
    name: string;
    couples: { totalCount: number; pageInfo: PageInfo; edges: { cursor: string; node: CaseloadEntry }[] };
  } | null;
}

export interface ClosenessPoint {
  date: string;
  closeness: number;
  partner: Person;
}

export interface SessionRow {
  id: string;
  status: 'SCHEDULED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';
  scheduledFor: string | null;
  startedAt: string | null;
  completedAt: string | null;
  bothParticipated: boolean;
  prompts: { position: number; prompt: { id: string; text: string } }[];
}

export interface Assignment {
  id: string;
  status: 'OPEN' | 'DONE';
  note: string | null;
  dueBy: string | null;
  completedAt: string | null;
  prompt: { id: string; text: string; theme: string };
  assignedBy: Person;
}

export interface CoupleData {
  couple: {
    id: string;
    status: string;
    createdAt: string;
    lastReconnectedAt: string | null;
    nextReminderAt: string | null;
    partners: Person[];
    plan: { sessionsPerMonth: number; reminderTime: string; timezone: string; pausedUntil: string | null };
    health: HealthSummary & {
      closenessTrend: number | null;
      participationBalance: number | null;
      closenessSeries: ClosenessPoint[];
    };
    sessions: { edges: { node: SessionRow }[] };
    open: { edges: { node: Assignment }[] };
    done: { edges: { node: Assignment }[] };
  } | null;
}

export interface Reflection {
  id: string;
  body: string;
  closeness: number | null;
  feelings: string[];
  createdAt: string;
  author: Person;
  session: { id: string } | null;
}

export interface ReflectionsData {
  couple: { id: string; reflections: { edges: { node: Reflection }[] } | null } | null;
}

export interface AccessLogEntry {
  at: string;
  action: string;
  actor: Person;
  practice: { id: string; name: string };
}

export interface AccessLogData {
  couple: { id: string; accessLog: { edges: { node: AccessLogEntry }[] } | null } | null;
}

export interface PromptRow {
  id: string;
  text: string;
  theme: string;
  depth: string;
  archived: boolean;
}

export interface PracticeData {
  practice: {
    id: string;
    name: string;
    members: { role: string; addedAt: string; person: Person }[];
    prompts: { edges: { node: PromptRow }[] };
  } | null;
}

export interface AssignPromptData {
  assignPrompt: Assignment;
}
