/**
 * The counseling-practice part of the flow, as a practice's dashboard and the
 * couple's app use it: a counselor creates a practice and a prompt of its own,
 * both partners consent (the grant is active only once both have), the
 * counselor reads the caseload and assigns homework, the partners see the
 * homework and who read their data (the access log), and one partner revokes
 * access, which takes the couple off the caseload at once.
 * examples/flow.ts runs it after the couple's own flow.
 */
import { type Client, createClient, localToken } from './client';
import {
  AccessLogDocument as AccessLog,
  AssignmentsDocument as Assignments,
  AssignPromptDocument as AssignPrompt,
  CaseloadDocument as Caseload,
  CreatePracticeDocument as CreatePractice,
  CreatePracticePromptDocument as CreatePracticePrompt,
  GrantCareAccessDocument as GrantCareAccess,
  RevokeCareAccessDocument as RevokeCareAccess,
} from './generated/graphql';

/** What the practice part saw (the test asserts on it; the CLI prints it). */
export interface PracticeFlowResult {
  practiceName: string;
  /** The counselor's role in the practice they created. */
  creatorRole: string;
  /** The grant after the first partner's consent (not active yet) and after both (active, narrowest scope). */
  grantAfterFirst: { active: boolean; scope: string };
  grantAfterBoth: { active: boolean; scope: string; grantedBy: string[] };
  /** The couple's row on the caseload (DRIFT_RISK order). */
  caseload: { totalCount: number; scope: string | null; driftRisk: string | null };
  assignment: { status: string; promptText: string; note: string | null; assignedBy: string };
  /** Open homework as a partner sees it: prompt text and practice name. */
  openAssignmentsSeenByPartner: { promptText: string; practice: string | null }[];
  /** The access log as a partner reads it: who read what. */
  accessLog: { actor: string; action: string; practice: string }[];
  /** The caseload's size once a partner revoked the grant. */
  caseloadAfterRevoke: number;
}

export interface PracticeFlowInput {
  baseUrl: string;
  /** A suffix that keeps this run's people apart from earlier runs on the same data. */
  run: string;
  coupleId: string;
  alice: Client;
  ben: Client;
  log: (line: string) => void;
}

const PROMPT_TEXT = 'What is one thing your partner did this week that made you feel cared for?';

/** Runs the practice part against the couple `coupleId` whose partners are `alice` and `ben`. */
export async function runPracticeFlow({ baseUrl, run, coupleId, alice, ben, log }: PracticeFlowInput): Promise<PracticeFlowResult> {
  // 11. A counselor's practice and a prompt of its own (a counselor's token needs practice:read and practice:write).
  const carol = createClient(baseUrl, await localToken(baseUrl, `carol-${run}`, 'Dr. Carol'));
  const created = await carol.request(CreatePractice, { name: `Harbor Counseling ${run}` });
  const practiceId = created.createPractice.id;
  const prompt = await carol.request(CreatePracticePrompt, { input: { practiceId, text: PROMPT_TEXT, theme: 'APPRECIATION', depth: 'LIGHT' } });
  log(`practice ${practiceId}: "${created.createPractice.name}", Dr. Carol is ${created.createPractice.members[0]?.role}`);

  // 12. Consent from both partners: Alice would share reflections, Ben a summary only; the narrower scope wins.
  const first = await alice.request(GrantCareAccess, { coupleId, practiceId, scope: 'REFLECTIONS' });
  const both = await ben.request(GrantCareAccess, { coupleId, practiceId, scope: 'SUMMARY' });
  log(`care access: after Alice ${first.grantCareAccess.active ? 'active' : 'not active yet'}; after Ben active=${both.grantCareAccess.active}, scope ${both.grantCareAccess.scope}`);

  // 13. The caseload (a dashboard's first screen), highest drift risk first.
  const caseload = await carol.request(Caseload, { practiceId, first: 20 });
  const entry = caseload.practice?.couples.edges.find((e) => e.node.couple.id === coupleId)?.node;
  log(`caseload: ${caseload.practice?.couples.totalCount} couple(s); this one at drift risk ${entry?.couple.health.driftRisk}`);

  // 14. Homework: due in a week; the couple's next session draws it first.
  const dueBy = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const assigned = await carol.request(AssignPrompt, {
    input: { coupleId, practiceId, promptId: prompt.createPrompt.id, note: 'Talk about it on Sunday.', dueBy },
  });
  const homework = await alice.request(Assignments, { coupleId, status: 'OPEN' });
  log(`homework ${assigned.assignPrompt.id}: ${assigned.assignPrompt.status}, Alice sees ${homework.couple?.assignments.edges.length} open`);

  // 15. The access log: the partners see every read by the practice (the practice itself does not).
  const accessLog = await ben.request(AccessLog, { coupleId, first: 20 });
  const entries = (accessLog.couple?.accessLog.edges ?? []).map(({ node }) => ({
    actor: node.actor.displayName,
    action: node.action,
    practice: node.practice.name,
  }));
  log(`access log: ${entries.map((e) => `${e.actor} read ${e.action}`).join(', ') || 'empty'}`);

  // 16. Ben revokes: the couple leaves the caseload at once.
  await ben.request(RevokeCareAccess, { coupleId, practiceId });
  const after = await carol.request(Caseload, { practiceId, first: 20 });
  log(`revoked: the caseload now has ${after.practice?.couples.totalCount} couple(s)`);

  return {
    practiceName: created.createPractice.name,
    creatorRole: created.createPractice.members[0]?.role ?? 'none',
    grantAfterFirst: { active: first.grantCareAccess.active, scope: first.grantCareAccess.scope },
    grantAfterBoth: {
      active: both.grantCareAccess.active,
      scope: both.grantCareAccess.scope,
      grantedBy: both.grantCareAccess.grantedBy.map((p) => p.displayName).sort(),
    },
    caseload: {
      totalCount: caseload.practice?.couples.totalCount ?? 0,
      scope: entry?.scope ?? null,
      driftRisk: entry?.couple.health.driftRisk ?? null,
    },
    assignment: {
      status: assigned.assignPrompt.status,
      promptText: assigned.assignPrompt.prompt.text,
      note: assigned.assignPrompt.note ?? null,
      assignedBy: assigned.assignPrompt.assignedBy.displayName,
    },
    openAssignmentsSeenByPartner: (homework.couple?.assignments.edges ?? []).map(({ node }) => ({
      promptText: node.prompt.text,
      practice: node.practice.name,
    })),
    accessLog: entries,
    caseloadAfterRevoke: after.practice?.couples.totalCount ?? -1,
  };
}
