import type { LabelledAction } from '../data/transaction';

/**
 * What a write that may change a couple's drift signals (an answer, a
 * reflection, a completed session, a plan change, leaving, a care grant)
 * tells the care tracking before it commits, so that the couple's care watch
 * and caseload positions are written IN THAT WRITE'S OWN TRANSACTION
 * (functions/care/drift-tracker.ts). Domains depend on this interface, not on
 * the care tracking; a composition root wires it. The type parameters keep
 * this shared file free of domain types: the couple, the roll-up change and
 * the care grant are the writing domains' own.
 */
export interface CoupleWrite<Couple, RollupChange = never, Grant = never> {
  /** The couple as the write leaves it. */
  couple: Couple;
  /** What the write ADDs to the health roll-ups. */
  rollups?: readonly RollupChange[];
  /**
   * Care grants the write itself saves (a grant, a revoke), as it leaves
   * them: the tracker counts them instead of the stored ones and leaves
   * their items to the write (a transaction touches an item once).
   */
  grants?: readonly Grant[];
  /**
   * How many actions the write commits besides the care tracking's, when it
   * may come near DynamoDB's 100 per transaction (a maximal reflection:
   * up to 96). If its own and the care actions together would not fit, the
   * step carries no actions and re-evaluates the care watch in a transaction
   * of its own once the write committed, so the write itself always fits.
   */
  ownActions?: number;
}

/** The care tracking's part of one write: actions to add to its transaction, and what to do once it committed. */
export interface CareWatchStep<Position = unknown> {
  /**
   * Conditioned on the care watch's version (optimistic concurrency): a
   * failure labelled 'retry' means another write of the couple committed
   * first, and the writer reads again and retries (retryLostRaces).
   */
  actions: LabelledAction<'retry'>[];
  /** The couple's caseload position after the write; null when no grant will be active. */
  position: Position | null;
  /** After the commit: publishes care-team alerts; never throws (the write stands, the outbox relay publishes later). */
  committed(): Promise<void>;
}

/** Builds the care tracking's part of a write (reads the watch and grants; computes drift as of after the write). */
export interface CareWatchHook<Couple, RollupChange = never, Grant = never, Position = unknown> {
  stepFor(write: CoupleWrite<Couple, RollupChange, Grant>): Promise<CareWatchStep<Position>>;
}

/** No care tracking (unit tests, and runs without it): adds nothing to any write. */
export const NO_CARE_TRACKING: CareWatchHook<unknown, unknown, unknown> = {
  stepFor: async () => ({ actions: [], position: null, committed: async () => undefined }),
};
