import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
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
import { onlyErasesAccount } from './erasure-gate';
import { RequestRefusal } from './errors/request-refusal';
import { QUERY_LIMITS } from './query-limits';
import { header, refuseRequest, type RefusedRequest } from './request-guard';

/** Largest answer kept for replay: a DynamoDB item holds 400 KB, key and attributes included. */
export const MAX_KEPT_ANSWER_BYTES = 350 * 1024;

interface KeyedRequest {
  key: string;
  fingerprint: string;
  callerId?: string;
  claimId?: string;
  replay?: { statusCode: number; body: string };
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

  /** Stores the answer of a request that ran, or releases its claim when the answer must not be kept. */
  const settle = async (request: KeyedRequest, result: APIGatewayProxyStructuredResultV2 | null): Promise<void> => {
    const { callerId, claimId, key } = request;
    if (callerId === undefined || claimId === undefined) return;
    try {
      const answer = result && keptAnswer(result);
      if (answer) await requests.keep(callerId, key, claimId, answer);
      else await requests.release(callerId, key, claimId);
    } catch (error) {
      // The client has its answer; only a retry may run again, once the claim's lease runs out.
      deps.logger.error('idempotency record not settled', { error: error instanceof Error ? error.message : String(error) });
    }
  };

  return {
    /**
     * Before Apollo: whether the request's Idempotency-Key applies. Only a
     * mutation's does (a query's header is ignored, and so is that of a
     * `deleteMyAccount`, idempotent by itself and which erases the records);
     * a malformed key, or a key on a persisted-query request without its
     * query text, is refused with 400 BAD_USER_INPUT naming the header.
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
      if (operationOf(payload.query, operationName)?.operation !== 'mutation' || onlyErasesAccount(event.body)) return null;
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
            const start = await requests.start(actor.personId, request.key, request.fingerprint);
            if ('run' in start) request.claimId = start.run.claimId;
            else request.replay = start.replay;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            // IETF httpapi draft: 422 for a key reused with another request, 409 while the first one runs.
            throw error instanceof ValidationError
              ? new RequestRefusal(error, 422)
              : new RequestRefusal(error, 409, { 'retry-after': String(error.details.retryAfterSeconds ?? 1) });
          }
        },
        replayed: () => (request.replay ? (JSON.parse(request.replay.body) as Record<string, unknown>) : null),
      };
    },

    /**
     * Runs `answer` (Apollo), then: a replay answers the stored status and
     * body with `Idempotent-Replayed: true`; a request that ran keeps its
     * answer for its retries, or releases the key when it must not be kept.
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
      if (request.replay) {
        deps.logger.info('idempotent replay', { statusCode: request.replay.statusCode });
        return {
          ...result,
          statusCode: request.replay.statusCode,
          body: request.replay.body,
          headers: { ...result.headers, [IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]: 'true' },
        };
      }
      await settle(request, result);
      return result;
    },
  };
}

export type IdempotencyStep = ReturnType<typeof createIdempotencyStep>;

/**
 * Claims the request's Idempotency-Key once its caller is admitted and before
 * its mutation executes; a replay skips execution (its answer is replaced by
 * the stored one in IdempotencyStep.around).
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
        async responseForOperation() {
          const replayed = idempotency.replayed();
          return replayed ? { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: replayed } } : null;
        },
      };
    },
  };
}

/** The answer to keep for retries: not a server error (a retry may succeed), and small enough for one item. */
function keptAnswer(result: APIGatewayProxyStructuredResultV2): { statusCode: number; body: string } | null {
  const statusCode = result.statusCode ?? 200;
  const body = result.body ?? '';
  if (statusCode >= 500 || result.isBase64Encoded || Buffer.byteLength(body, 'utf8') >= MAX_KEPT_ANSWER_BYTES) return null;
  // A resolver's unexpected failure is answered with 200 too; it is as transient as a 500.
  const errors = (parsedBody(body)?.errors as { extensions?: { code?: unknown } }[] | undefined) ?? [];
  if (errors.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')) return null;
  return { statusCode, body };
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
