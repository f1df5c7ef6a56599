import type { PersonRepository } from '../people/person.repository';
import type { Actor } from '../shared/auth/actor';
import type { GrantRepository } from './grant.repository';
import type { PracticeRepository } from './practice.repository';

/**
 * Whose practice prompts a caller reads (the prompts domain's PromptAudience):
 * the practices they are a member of, and those their current couple has an
 * active grant for. Computed once per request.
 */
export class PracticeAudience {
  private readable: Promise<string[]> | null = null;

  constructor(
    private readonly practices: PracticeRepository,
    private readonly grants: GrantRepository,
    private readonly people: PersonRepository,
  ) {}

  /** Practices whose prompts the caller may read. */
  readablePracticeIds(actor: Actor): Promise<string[]> {
    this.readable ??= (async () => {
      const [memberships, person] = await Promise.all([this.practices.membershipsOf(actor.personId), this.people.get(actor.personId)]);
      const granted = person?.activeCoupleId ? (await this.grants.grantsOf(person.activeCoupleId)).filter((g) => g.active) : [];
      return [...new Set([...memberships.map((m) => m.practiceId), ...granted.map((g) => g.practiceId)])];
    })();
    return this.readable;
  }

  /** True when the caller is a member of the practice. */
  async isMember(actor: Actor, practiceId: string): Promise<boolean> {
    return (await this.practices.member(practiceId, actor.personId)) !== null;
  }
}
