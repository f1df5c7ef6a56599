import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * Whether one request's caller may be answered: not over the rate limit and
 * not erased (create-handler.ts starts both DynamoDB requests as soon as the
 * token is verified). The request does not wait for them before parsing,
 * validating and resolving, so on a cold start those round trips overlap the
 * CPU work instead of preceding it; what it waits for before anything leaves
 * or is written:
 * - a mutation runs only once the caller is admitted (admissionPlugin,
 *   `didResolveOperation`);
 * - a write of any operation waits for admission (gated-client.ts), so a
 *   query's own writes (the care-team access log) never happen for a refused
 *   caller;
 * - no answer leaves before admission is known: the handler waits for it
 *   and a refusal replaces the answer, exactly as when it was decided before
 *   parsing (same status, headers and body), whatever the operation did or
 *   failed with (an invalid query of an over-limit caller is still a 429).
 */
export interface Admission {
  /**
   * Resolves once the caller is admitted; rejects with the refusal otherwise
   * (a GraphQLError with its HTTP status, or the failure of a check: fail closed).
   */
  whenAdmitted(): Promise<void>;
  /** The refusal once the checks settled, null when admitted. */
  refusal(): Promise<unknown>;
  /** True once admissionPlugin threw the refusal, i.e. Apollo's answer already is the refusal. */
  readonly delivered: boolean;
  /** For admissionPlugin: like whenAdmitted, and records that the refusal became the answer. */
  deliverRefusal(): Promise<void>;
}

/** An admission decided by `checks` (rejecting with the refusal). Never leaves an unhandled rejection. */
export function startAdmission(checks: Promise<unknown>): Admission {
  let delivered = false;
  const settled: Promise<{ refused: unknown } | null> = checks.then(
    () => null,
    (refused: unknown) => ({ refused }),
  );
  const whenAdmitted = async () => {
    const outcome = await settled;
    if (outcome) throw outcome.refused;
  };
  return {
    whenAdmitted,
    refusal: async () => (await settled)?.refused ?? null,
    get delivered() {
      return delivered;
    },
    deliverRefusal: async () => {
      const outcome = await settled;
      if (!outcome) return;
      delivered = true;
      throw outcome.refused;
    },
  };
}

/** A caller admitted before the request began (anonymous local introspection, tests). */
export const ADMITTED: Admission = startAdmission(Promise.resolve());

/**
 * A mutation runs only once its caller is admitted: the refusal thrown here
 * is answered by Apollo as the request's only error, with its HTTP status
 * (documented for this hook). Queries are not held here: their writes wait
 * in gated-client.ts, and their answer in the handler (create-handler.ts),
 * which replaces it with the refusal before anything is sent (a throw after
 * execution would become a masked 500 in Apollo).
 */
export function admissionPlugin<TContext extends BaseContext & { admission?: Admission }>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const admission = contextValue.admission ?? ADMITTED;
      return {
        // Anything but a query (subscriptions are not served) waits.
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'query') await admission.deliverRefusal();
        },
      };
    },
  };
}
