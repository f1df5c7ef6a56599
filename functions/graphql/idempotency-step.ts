import type { ApolloServerPlugin } from '@apollo/server';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { Actor } from '../shared/auth/actor';
import type { TableContext } from '../shared/data/table';
import { DomainError, ValidationError } from '../shared/errors';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  requestFingerprint,
  requireIdempotencyKey,
} from '../shared/idempotency/idempotency-key';
import { IdempotencyRepository } from '../shared/idempotency/idempotency.repository';
import { IdempotentRequests } from '../shared/idempotency/idempotent-requests';
import type { Logger } from '../shared/logging/logger';
import type { Clock } from '../shared/time/clock';
import type { GraphqlContext, RequestIdempotency } from './context';
import { RequestRefusal } from './errors/request-refusal';
import { QUERY_LIMITS } from './query-limits';
import { header, refuseRequest, type RefusedRequest } from './request-guard';

/**
 * Mutations whose Idempotency-Key is ignored: `deleteMyAccount` is
 * idempotent by itself (its retry goes on erasing) and `exportMyData` writes
 * nothing. Holding their key as "applied" would refuse the very retry that
 * finishes the erasure or fetches the export again.
 */
const NOT_KEYED_MUTATIONS = new Set(['deleteMyAccount', 'exportMyData']);

interface KeyedRequest {
  key: string;
  fingerprint: string;
  callerId?: string;
  claimId?: string;
  /** Set by `begin` when the request is refused because the key's request was already applied. */
  alreadyApplied?: boolean;
}

/**
 * The handler-level Idempotency-Key step (README "Retries and
 * Idempotency-Key"), one per handler: create-handler.ts calls `read` before
 * Apollo, `forCaller` in the context and `around` the answer; the plugin
 * (idempotencyPlugin) claims the key between admission and execution. The
 * Lambda and the local run share it.
 */
export function createIdempotencyStep(deps: { table: TableContext; clock: Clock; logger: Logger }) {
  const requests = new IdempotentRequests(new IdempotencyRepository(deps.table), deps.clock);
  const keyed = new WeakMap<APIGatewayProxyEventV2, KeyedRequest>();

  /** Records a request that ran as applied, or releases its claim when its mutation was not applied. */
  const settle = async (request: KeyedRequest, result: APIGatewayProxyStructuredResultV2 | null): Promise<void> => {
    const { callerId, claimId, key } = request;
    if (callerId === undefined || claimId === undefined) return;
    try {
      if (result && wasApplied(result)) {
        // Once more on a failure: a claim left IN_PROGRESS lets a retry run the mutation again after its lease.
        await requests.applied(callerId, key, claimId).catch(() => requests.applied(callerId, key, claimId));
      } else await requests.release(callerId, key, claimId);
    } catch (error) {
      // The client has its answer; only a retry may run again, once the claim's lease runs out.
      deps.logger.error('idempotency record not settled', { error: error instanceof Error ? error.message : String(error) });
    }
  };

  return {
    /**
     * Before Apollo: whether the request's Idempotency-Key applies. Only a
     * mutation's does (a query's header is ignored, and so is that of the
     * NOT_KEYED_MUTATIONS); a malformed key, a key on a persisted-query
     * request without its query text, or on a request running more than one
     * mutation field, is refused with 400 BAD_USER_INPUT naming the header.
     */
    read(event: APIGatewayProxyEventV2): RefusedRequest | null {
      const value = header(event, IDEMPOTENCY_KEY_HEADER.toLowerCase());
      if (value === undefined) return null;
      const payload = parsedBody(event.body);
      if (!payload) return null;
      if (typeof payload.query !== 'string') {
        if (payload.extensions?.persistedQuery === undefined) return null;
        return refuseRequest(
          400,
          `${IDEMPOTENCY_KEY_HEADER}: a persisted-query request needs its query text with this header (the operation type must be known)`,
          IDEMPOTENCY_KEY_HEADER,
        );
      }
      const operationName = typeof payload.operationName === 'string' ? payload.operationName : null;
      const operation = operationOf(payload.query, operationName);
      if (operation?.operation !== 'mutation') return null;
      const roots = operation.selectionSet.selections.filter(
        (selection) => !(selection.kind === Kind.FIELD && selection.name.value === '__typename'),
      );
      if (roots.every((selection) => selection.kind === Kind.FIELD && NOT_KEYED_MUTATIONS.has(selection.name.value))) return null;
      if (roots.length !== 1 || roots[0]?.kind !== Kind.FIELD) {
        // graphql-js runs root mutation fields one after another: if the second failed after the first
        // committed, "applied" could not be told for the request as a whole, and a retry would run the first twice.
        return refuseRequest(
          400,
          `${IDEMPOTENCY_KEY_HEADER}: a request with this header must run exactly one mutation field (no fragment at the root): one key names one action`,
          IDEMPOTENCY_KEY_HEADER,
        );
      }
      try {
        const key = requireIdempotencyKey(value);
        keyed.set(event, { key, fingerprint: requestFingerprint({ query: payload.query, operationName, variables: payload.variables }) });
        return null;
      } catch (error) {
        if (error instanceof ValidationError) return refuseRequest(400, error.message, IDEMPOTENCY_KEY_HEADER);
        throw error;
      }
    },

    /** The request's Idempotency-Key for its verified caller; undefined when none applies. */
    forCaller(event: APIGatewayProxyEventV2, actor: Actor): RequestIdempotency | undefined {
      const request = keyed.get(event);
      if (!request) return undefined;
      request.callerId = actor.personId;
      return {
        async begin() {
          try {
            request.claimId = await requests.start(actor.personId, request.key, request.fingerprint);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            // IETF httpapi draft: 422 for a key reused with another request, 409 while the first one runs
            // (Retry-After) or once it was applied (Idempotent-Replayed: this is the retry's answer).
            if (error instanceof ValidationError) throw new RequestRefusal(error, 422);
            request.alreadyApplied = error.details.idempotencyKey === 'APPLIED';
            throw new RequestRefusal(
              error,
              409,
              request.alreadyApplied
                ? { [IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]: 'true' }
                : { 'retry-after': String(error.details.retryAfterSeconds ?? 1) },
            );
          }
        },
      };
    },

    /**
     * Runs `answer` (Apollo), then records a request that ran as applied
     * (its retries get CONFLICT "already applied"), or releases the key when
     * its mutation was not applied, so that a retry runs it.
     */
    async around(
      event: APIGatewayProxyEventV2,
      answer: () => Promise<APIGatewayProxyStructuredResultV2>,
    ): Promise<APIGatewayProxyStructuredResultV2> {
      const request = keyed.get(event);
      if (!request) return answer();
      let result: APIGatewayProxyStructuredResultV2;
      try {
        result = await answer();
      } catch (error) {
        await settle(request, null);
        throw error;
      }
      if (request.alreadyApplied) deps.logger.info('idempotent retry of an applied request', { statusCode: result.statusCode });
      await settle(request, result);
      return result;
    },
  };
}

export type IdempotencyStep = ReturnType<typeof createIdempotencyStep>;

/**
 * Claims the request's Idempotency-Key once its caller is admitted and before
 * its mutation executes; a refused claim (another request's key, one still
 * running, one already applied) refuses the request before anything runs.
 */
export function idempotencyPlugin(): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart({ contextValue }) {
      const idempotency = contextValue.idempotency;
      if (!idempotency) return {};
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'mutation') return;
          try {
            await contextValue.admission.whenAdmitted();
          } catch {
            // admissionPlugin answers with the refusal; nothing is claimed for a refused caller.
            return;
          }
          await idempotency.begin();
        },
      };
    },
  };
}

/**
 * Whether the mutation was applied: answered 200, and its root field's own
 * resolver did not fail. An error whose path is the root field alone comes
 * from the mutation itself, and this project's mutations commit their write
 * in one transaction, so one that failed before it wrote nothing and its
 * retry must run (a lost race, a validation error, a server error). An error
 * deeper in the payload (a field read after the write, even one that nulls
 * the whole payload through a non-null type) does not undo the write: the
 * key stays applied. Left (README "Retries and Idempotency-Key"): the few
 * mutations with a step after their commit (answerPrompt marking homework
 * done; a practice's member list read again after adding or removing one)
 * report that step's failure as theirs, the key is released, and the retry
 * runs again: it replaces the same answer, or says NOT_FOUND for a removal
 * that was applied; nothing is created twice.
 */
function wasApplied(result: APIGatewayProxyStructuredResultV2): boolean {
  if ((result.statusCode ?? 200) !== 200 || result.isBase64Encoded) return false;
  const body = parsedBody(result.body);
  if (!body || !('data' in body) || body.data === undefined) return false;
  const errors = Array.isArray(body.errors) ? (body.errors as { path?: unknown }[]) : [];
  return errors.every((error) => Array.isArray(error.path) && error.path.length > 1);
}

type Payload = Record<string, unknown> & { extensions?: { persistedQuery?: unknown } };

function parsedBody(body: string | undefined): Payload | null {
  try {
    const parsed = JSON.parse(body ?? '') as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Payload) : null;
  } catch {
    return null;
  }
}

/** The operation the request runs (by name, or the only one); null when Apollo will refuse the document anyway. */
function operationOf(query: string, operationName: string | null): OperationDefinitionNode | null {
  try {
    const operations = parse(query, { maxTokens: QUERY_LIMITS.maxTokens }).definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (operationName !== null) return operations.find((operation) => operation.name?.value === operationName) ?? null;
    return operations.length === 1 ? (operations[0] ?? null) : null;
  } catch {
    return null;
  }
}
