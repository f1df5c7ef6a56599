/**
 * Told after a write that may change a couple's drift signals has committed
 * (an answer, a reflection, a completed session, a plan change, a grant), so
 * that the couple's care watch is re-evaluated in the same request
 * (functions/care/drift-tracker.ts). Domains depend on this interface, not
 * on the care tracking; a composition root wires it.
 */
export interface CoupleChangeListener {
  /** Never throws: the write has committed whatever happens here. */
  coupleChanged(coupleId: string): Promise<void>;
}

/** Nobody listens (unit tests, and runs without care tracking). */
export const NO_LISTENER: CoupleChangeListener = { coupleChanged: async () => undefined };
