import type { Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { CareTeamAccess } from '../practices/care-team-access';
import type { GrantRepository } from '../practices/grant.repository';
import type { PracticeRepository } from '../practices/practice.repository';
import type { Prompt } from '../prompts/prompt.model';
import type { PromptRepository } from '../prompts/prompt.repository';
import { requireScope, type Actor } from '../shared/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { newLocalId } from '../shared/ids/global-id';
import { decodeCursor, type Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { requirePageSize, requireText } from '../shared/validation/validators';
import { ASSIGNMENT_NOTE, MAX_DUE_DAYS, type AssignmentStatus, type PromptAssignment } from './assignment.model';
import { openAssignedPrompts } from './open-prompts';
import type { AssignmentRepository } from './assignment.repository';

export interface AssignPromptInput {
  coupleId: string;
  practiceId: string;
  promptId: string;
  note?: string | null;
  dueBy?: string | null;
}

const DAY_MS = 86_400_000;

/**
 * Homework. A member of a practice with an active grant assigns a prompt
 * (the library's, or the practice's own) to the couple; startSession draws
 * open assignments first; an assignment is DONE once every partner answered
 * its prompt in one session. Partners see all their homework; a practice's
 * members see their own practice's, while its grant is active.
 */
export class AssignmentService {
  constructor(
    private readonly assignments: AssignmentRepository,
    private readonly couples: CoupleRepository,
    private readonly prompts: PromptRepository,
    private readonly practices: PracticeRepository,
    private readonly grants: GrantRepository,
    private readonly access: CareTeamAccess,
    private readonly clock: Clock,
  ) {}

  /** Assigns a prompt as homework; needs practice:write, membership and an active grant (NOT_FOUND otherwise). */
  async assign(actor: Actor, input: AssignPromptInput): Promise<PromptAssignment> {
    requireScope(actor, 'practice:write');
    const now = this.clock.now();
    const note =
      input.note === undefined || input.note === null
        ? null
        : requireText('input.note', input.note, ASSIGNMENT_NOTE.min, ASSIGNMENT_NOTE.max);
    const dueBy = input.dueBy ? validateDueBy(input.dueBy, now) : null;
    if (!(await this.practices.memberConsistent(input.practiceId, actor.personId))) throw new NotFoundError('Practice', 'input.practiceId');
    const couple = await this.couples.getConsistent(input.coupleId);
    const grant = couple?.status === 'ACTIVE' ? await this.grants.getConsistent(couple.id, input.practiceId) : null;
    if (!couple || !grant?.active) throw new NotFoundError('Couple', 'input.coupleId');
    const prompt = await this.prompts.load(input.promptId);
    if (!prompt || (prompt.practiceId && prompt.practiceId !== input.practiceId)) throw new NotFoundError('Prompt', 'input.promptId');
    if (prompt.archived) throw new ValidationError('input.promptId', 'is archived; assign a current prompt');
    const assignment: PromptAssignment = {
      id: newLocalId(),
      coupleId: couple.id,
      practiceId: input.practiceId,
      promptId: prompt.id,
      assignedBy: actor.personId,
      note,
      dueBy,
      status: 'OPEN',
      createdAt: now.toISOString(),
      completedIn: null,
      completedAt: null,
    };
    const outcome = await this.assignments.create(assignment, [
      this.grants.activeCheck(couple.id, input.practiceId, 'SUMMARY'),
      this.practices.memberCheck(input.practiceId, actor.personId),
      this.couples.activeCheckAction(couple.id).action,
      // The assignment names the assigner: erasing them later finds the couple by their care trail.
      this.access.trailAction(couple.id, input.practiceId),
    ]);
    if (outcome === 'denied') throw new NotFoundError('Couple', 'input.coupleId');
    if (outcome === 'retry') throw new ConflictError('The couple changed while this request ran; retry');
    return assignment;
  }

  /** An assignment for `node(id:)`: its couple's partners, and members of its practice while the grant is active. */
  async getVisible(actor: Actor, assignmentId: string): Promise<PromptAssignment | null> {
    // Before any read: a refusal that came only for ids that exist would tell them apart from absent ones.
    requireScope(actor, 'couple:read');
    const assignment = await this.assignments.get(assignmentId);
    if (!assignment) return null;
    const couple = await this.couples.get(assignment.coupleId);
    return couple && (await this.mayRead(actor, couple, assignment)) ? assignment : null;
  }

  /**
   * The couple's homework, newest first. Partners see every assignment; a
   * care-team member only their practice's (its own index partition: full
   * pages, exact hasNextPage); anyone else nothing.
   */
  async listForCouple(
    actor: Actor,
    couple: Couple,
    input: { status?: AssignmentStatus | null; first?: number | null; after?: string | null },
  ): Promise<Page<PromptAssignment>> {
    requireScope(actor, 'couple:read');
    const first = requirePageSize('first', input.first);
    const viewer = await this.access.viewerOf(couple);
    if (!viewer) {
      decodeCursor('after', input.after, `COUPLE#${couple.id}#ASSIGNMENTS${input.status ? `#${input.status}` : ''}`);
      return { items: [], hasNextPage: false };
    }
    if (viewer.kind === 'partner') return this.assignments.page(couple.id, input.status ?? null, first, input.after);
    const page = await this.assignments.pageForPractice(couple.id, viewer.practiceId, input.status ?? null, first, input.after);
    if (!(await this.access.confirm(viewer, couple.id, 'ASSIGNMENTS'))) return { items: [], hasNextPage: false };
    return page;
  }

  /**
   * The prompts of the couple's OPEN assignments, oldest first, for drawing:
   * only those of practices whose grant is still active (homework of a
   * practice the couple revoked is not pushed any more), never archived ones.
   */
  async openPrompts(coupleId: string): Promise<Prompt[]> {
    return openAssignedPrompts({ assignments: this.assignments, grants: this.grants, prompts: this.prompts }, coupleId);
  }

  /**
   * After an answer: every OPEN assignment of this prompt becomes DONE in
   * this session once every partner has answered it there. Idempotent and
   * race-safe: it runs after each answer's commit from a consistent read of
   * the answers, so of two partners answering at once the later one sees both.
   */
  async completeAnswered(
    coupleId: string,
    sessionId: string,
    promptId: string,
    answeredBy: readonly string[],
    partnerIds: readonly string[],
  ): Promise<void> {
    if (!partnerIds.every((id) => answeredBy.includes(id))) return;
    const open = (await this.assignments.open(coupleId, 100)).filter((a) => a.promptId === promptId);
    const at = this.clock.now().toISOString();
    await Promise.all(open.map((a) => this.assignments.markDone(a, sessionId, at)));
  }

  /** The assignment's couple (the caller already saw the assignment). */
  async coupleOf(assignment: PromptAssignment): Promise<Couple> {
    const couple = await this.couples.get(assignment.coupleId);
    if (!couple) throw new Error(`Assignment ${assignment.id} refers to a missing couple`);
    return couple;
  }

  /** The assigned prompt (archived ones still resolve). */
  async promptOf(assignment: PromptAssignment): Promise<Prompt> {
    const prompt = await this.prompts.load(assignment.promptId);
    if (!prompt) throw new Error(`Assignment ${assignment.id} refers to a missing prompt`);
    return prompt;
  }

  private async mayRead(actor: Actor, couple: Couple, assignment: PromptAssignment): Promise<boolean> {
    requireScope(actor, 'couple:read');
    // Through the assigning practice: a caller in two practices with grants may see only that one's homework.
    const viewer = await this.access.viewerThrough(couple, assignment.practiceId);
    if (!viewer) return false;
    return viewer.kind === 'partner' || (await this.access.confirm(viewer, couple.id, 'ASSIGNMENTS'));
  }
}

/** A future instant at most MAX_DUE_DAYS ahead. */
function validateDueBy(value: string, now: Date): string {
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new ValidationError('input.dueBy', 'must be an RFC 3339 instant');
  if (at <= now.getTime()) throw new ValidationError('input.dueBy', 'must be in the future');
  if (at > now.getTime() + MAX_DUE_DAYS * DAY_MS) throw new ValidationError('input.dueBy', `must be at most ${MAX_DUE_DAYS} days ahead`);
  return new Date(at).toISOString();
}
