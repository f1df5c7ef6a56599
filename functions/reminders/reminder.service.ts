import { isPartner, type Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { Prompt } from '../prompts/prompt.model';
import type { PromptRepository } from '../prompts/prompt.repository';
import { requireScope, type Actor } from '../shared/auth/actor';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { requirePageSize } from '../shared/validation/validators';
import { parseReminderId, type Reminder, type ReminderStatus } from './reminder.model';
import type { ReminderRepository } from './reminder.repository';
import type { CareTeamAccess } from '../practices/care-team-access';

export interface ListRemindersInput {
  status?: ReminderStatus | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The GraphQL side of reminders: listing a couple's reminders and
 * acknowledging one. The sweep (sweep.ts) creates them. Only the couple's
 * partners see its reminders; to anyone else they do not exist.
 */
export class ReminderService {
  constructor(
    private readonly reminders: ReminderRepository,
    private readonly couples: CoupleRepository,
    private readonly prompts: PromptRepository,
    private readonly clock: Clock,
    /** The alerted practice's care team sees its CARE_TEAM_ALERT reminders while its grant lasts. */
    private readonly access?: CareTeamAccess,
  ) {}

  /**
   * The reminder if the caller is (or was) a partner of its couple, or, for a
   * CARE_TEAM_ALERT, the care team of the practice it alerted while that
   * practice's grant is active (the read is logged as a COUPLE read, since
   * the reminder leads to the couple); null otherwise, as if absent.
   * Membership alone is not enough: a practice whose grant was revoked, or
   * that lost it when the couple ended, no longer sees the couple through
   * its old alerts.
   */
  async getVisible(actor: Actor, reminderId: string): Promise<Reminder | null> {
    requireScope(actor, 'couple:read');
    const ref = parseReminderId(reminderId);
    if (!ref) return null;
    const [couple, reminder] = await Promise.all([this.couples.get(ref.coupleId), this.reminders.get(reminderId)]);
    if (!couple || !reminder) return null;
    if (isPartner(couple, actor)) return reminder;
    if (ref.kind !== 'CARE_TEAM_ALERT' || !ref.practiceId || !this.access) return null;
    const viewer = await this.access.viewerThrough(couple, ref.practiceId);
    return viewer && (await this.access.confirm(viewer, couple.id, 'COUPLE')) ? reminder : null;
  }

  /** A page of the couple's reminders (the resolver's parent, already visible), newest first. */
  async listForCouple(actor: Actor, couple: Couple, input: ListRemindersInput): Promise<Page<Reminder>> {
    requireScope(actor, 'couple:read');
    const first = requirePageSize('first', input.first);
    if (!isPartner(couple, actor)) return { items: [], hasNextPage: false };
    return this.reminders.page(couple.id, { status: input.status, first, after: input.after });
  }

  /**
   * A partner saw the reminder: PENDING becomes ACKNOWLEDGED. Idempotent: an
   * ACKNOWLEDGED or RESOLVED reminder comes back unchanged (the first
   * acknowledgement is kept; a resolved one has nothing left to acknowledge).
   * Acknowledging is not reconnecting: the reminder cadence does not change.
   * Anyone but a partner gets NOT_FOUND; an ENDED couple's history is read-only.
   */
  async acknowledge(actor: Actor, reminderId: string): Promise<Reminder> {
    requireScope(actor, 'couple:write');
    const ref = parseReminderId(reminderId);
    const couple = ref ? await this.couples.getConsistent(ref.coupleId) : null;
    if (!couple || !isPartner(couple, actor)) throw notFound();
    const reminder = await this.reminders.getConsistent(reminderId);
    if (!reminder) throw notFound();
    if (couple.status === 'ENDED') throw new ConflictError('The couple is ENDED; its history is read-only', { status: 'ENDED' });
    if (reminder.status !== 'PENDING') return reminder;
    const acknowledged = await this.reminders.acknowledge(reminder, actor.personId, this.clock.now());
    if (!acknowledged) throw notFound();
    return acknowledged;
  }

  /** The reminder's couple (the caller already sees the reminder, so it sees the couple). */
  async coupleOf(reminder: Reminder): Promise<Couple> {
    const couple = await this.couples.get(reminder.coupleId);
    if (!couple) throw new Error(`Reminder ${reminder.id} refers to a missing couple`);
    return couple;
  }

  /** The prompt drawn for the reminder (archived prompts still resolve; a practice's assigned prompt too), if any. */
  async suggestedPromptOf(reminder: Reminder): Promise<Prompt | null> {
    return reminder.suggestedPromptId ? this.prompts.load(reminder.suggestedPromptId) : null;
  }
}

function notFound(): NotFoundError {
  return new NotFoundError('Reminder', 'input.reminderId');
}
