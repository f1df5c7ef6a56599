import { requireScope, type Actor } from '../shared/auth/actor';
import type { Clock } from '../shared/time/clock';
import { ValidationError } from '../shared/errors';
import { text } from '../shared/validation/text';
import { requireTimeZone } from '../shared/validation/validators';
import { DISPLAY_NAME_MAX, displayNameFromToken } from './display-name';
import type { Person } from './person.model';
import type { PersonRepository } from './person.repository';

export interface UpdateProfileInput {
  displayName?: string | null;
  timezone?: string | null;
}

/**
 * The partners of a couple, or null for an unknown couple. Handed in by the
 * composition root (graphql/request-scope.ts), so that people, below
 * couples, never imports the couples domain.
 */
export type CouplePartners = (coupleId: string) => Promise<readonly string[] | null>;

/** Rules about people: who the caller is, and what they may change about themselves. */
export class PersonService {
  constructor(
    private readonly people: PersonRepository,
    private readonly couplePartners: CouplePartners,
    private readonly clock: Clock,
  ) {}

  /** The caller's person record, created from the token on first use. */
  async me(actor: Actor): Promise<Person> {
    const existing = await this.people.get(actor.personId);
    if (existing) return existing;
    return this.people.ensure(actor.personId, initialDisplayName(actor), this.clock.now().toISOString());
  }

  /** The caller's profile, for `Viewer.person` (needs the `profile` scope). */
  async myProfile(actor: Actor): Promise<Person> {
    requireScope(actor, 'profile');
    return this.me(actor);
  }

  /** Updates the caller's display name and/or time zone. */
  async updateProfile(actor: Actor, input: UpdateProfileInput): Promise<Person> {
    requireScope(actor, 'profile');
    if (input.displayName === null) throw new ValidationError('input.displayName', 'must not be null (omit it to keep the current name)');
    const displayName =
      input.displayName === undefined
        ? undefined
        : text('input.displayName', input.displayName, { max: DISPLAY_NAME_MAX, singleLine: true });
    const timezone =
      input.timezone === undefined || input.timezone === null ? input.timezone : requireTimeZone('input.timezone', input.timezone);
    return this.people.updateProfile(
      actor.personId,
      { displayName, timezone },
      { displayName: initialDisplayName(actor), now: this.clock.now().toISOString() },
    );
  }

  /**
   * A person for `node(id:)`: the caller (with `profile`), or a partner in the
   * caller's current couple (with `couple:read`, as through `couple.partners`).
   * Anyone else is null, exactly like an unknown id. Former partners of an
   * ENDED couple stay visible through that couple's `partners`, not here: a
   * person keeps no index of past couples, and this lookup must stay one read.
   */
  async getVisible(actor: Actor, personId: string): Promise<Person | null> {
    if (personId === actor.personId) return this.myProfile(actor);
    requireScope(actor, 'couple:read');
    const me = await this.people.get(actor.personId);
    const partnerIds = me?.activeCoupleId ? await this.couplePartners(me.activeCoupleId) : null;
    return partnerIds?.includes(personId) ? this.people.get(personId) : null;
  }

  /**
   * A person by id, for fields of objects the caller already may see (a
   * couple's partners, an answer's author): the caller of this method has
   * decided visibility.
   */
  getById(personId: string): Promise<Person | null> {
    return this.people.get(personId);
  }
}

function initialDisplayName(actor: Actor): string {
  return displayNameFromToken(actor.tokenName);
}
