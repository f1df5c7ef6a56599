import type { Couple } from '../couples/couple.model';
import type { Person } from '../people/person.model';
import type { AccessLogEntry, CareGrant, PracticeMember } from '../practices/practice.model';
import type { Reflection, ReflectionContent, ReflectionRevision } from '../reflections/reflection.model';
import type { Reminder } from '../reminders/reminder.model';
import type { PromptAnswer, ReconnectSession } from '../sessions/session.model';
import { toGlobalId } from '../shared/ids/global-id';
import {
  EXPORT_FORMAT,
  type ExportDocument,
  type ExportedContent,
  type ExportedCouple,
  type ExportedReflection,
  type ExportedSession,
} from './privacy.model';

/*
 * Pure mapping from domain objects to the export document (format
 * reconnect-export/1, docs/data-export.md). Everything here was read for
 * the caller alone: the service hands in only the caller's answers and the
 * caller's reflections, so no partner's private text can reach the document.
 */

/** One couple's part of the export, as the service read it. */
export interface CoupleExportParts {
  couple: Couple;
  sessions: { session: ReconnectSession; myAnswers: PromptAnswer[] }[];
  reflections: { reflection: Reflection; revisions: ReflectionRevision[] }[];
  grants: CareGrant[];
  reminders: Reminder[];
  accessLog: AccessLogEntry[];
}

function content(c: ReflectionContent): ExportedContent {
  return { body: c.body, closeness: c.closeness, feelings: [...c.feelings], sharing: { ...c.sharing } };
}

function exportedSession({ session, myAnswers }: CoupleExportParts['sessions'][number]): ExportedSession {
  return {
    id: toGlobalId('ReconnectSession', session.id),
    status: session.status,
    createdAt: session.createdAt,
    scheduledFor: session.scheduledFor,
    startedAt: session.startedAt,
    completedAt: session.completedAt,
    cancelledAt: session.cancelledAt,
    prompts: session.prompts.map((p) => {
      const answer = myAnswers.find((a) => a.promptId === p.promptId);
      return {
        position: p.position,
        promptId: toGlobalId('Prompt', p.promptId),
        myAnswer: answer ? { text: answer.text, answeredAt: answer.answeredAt } : null,
      };
    }),
  };
}

function exportedReflection({ reflection, revisions }: CoupleExportParts['reflections'][number]): ExportedReflection {
  return {
    id: toGlobalId('Reflection', reflection.id),
    sessionId: reflection.sessionId ? toGlobalId('ReconnectSession', reflection.sessionId) : null,
    promptId: reflection.promptId ? toGlobalId('Prompt', reflection.promptId) : null,
    ...content(reflection),
    createdAt: reflection.createdAt,
    updatedAt: reflection.updatedAt,
    version: reflection.version,
    revisions: revisions.map((r) => ({ version: r.version, ...content(r), editedAt: r.editedAt })),
  };
}

function exportedCouple(parts: CoupleExportParts): ExportedCouple {
  const { couple } = parts;
  return {
    id: toGlobalId('Couple', couple.id),
    status: couple.status,
    createdAt: couple.createdAt,
    activatedAt: couple.activatedAt,
    endedAt: couple.endedAt,
    lastReconnectedAt: couple.lastReconnectedAt,
    plan: {
      sessionsPerMonth: couple.plan.sessionsPerMonth,
      reminderTime: couple.plan.reminderTime,
      timezone: couple.plan.timezone,
      pausedUntil: couple.plan.pausedUntil,
    },
    partnerIds: couple.partnerIds.map((id) => toGlobalId('Person', id)),
    sessions: parts.sessions.map(exportedSession),
    reflections: parts.reflections.map(exportedReflection),
    careGrants: parts.grants.map((g) => ({
      practiceId: toGlobalId('Practice', g.practiceId),
      scope: g.scope,
      active: g.active,
      grantedBy: g.partnerGrants.map((p) => toGlobalId('Person', p.personId)),
      grantedAt: g.activeSince,
      revokedAt: g.revokedAt,
    })),
    reminders: parts.reminders.map((r) => ({
      id: toGlobalId('Reminder', r.id),
      kind: r.kind,
      status: r.status,
      dueAt: r.dueAt,
      createdAt: r.createdAt,
      acknowledgedAt: r.acknowledgedAt,
      resolvedAt: r.resolvedAt,
    })),
    accessLog: parts.accessLog.map((e) => ({
      at: e.at,
      actorId: toGlobalId('Person', e.actorId),
      practiceId: toGlobalId('Practice', e.practiceId),
      action: e.action,
    })),
  };
}

/** The whole document. */
export function buildExportDocument(input: {
  generatedAt: string;
  person: Person | null;
  couples: CoupleExportParts[];
  memberships: PracticeMember[];
}): ExportDocument {
  const { person } = input;
  return {
    format: EXPORT_FORMAT,
    generatedAt: input.generatedAt,
    person: person
      ? { id: toGlobalId('Person', person.id), displayName: person.displayName, timezone: person.timezone, createdAt: person.createdAt }
      : null,
    couples: input.couples.map(exportedCouple),
    practiceMemberships: input.memberships.map((m) => ({
      practiceId: toGlobalId('Practice', m.practiceId),
      role: m.role,
      addedAt: m.addedAt,
    })),
  };
}
