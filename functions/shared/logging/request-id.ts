import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What one invocation is known by in its logs (and, for the API, in its response). */
export interface RequestIds {
  /** The id support asks for: API Gateway's request id for the API, the Lambda request id otherwise. */
  requestId: string;
  /** Lambda's own `awsRequestId` when it differs (it names the invocation in CloudWatch's START/END lines). */
  lambdaRequestId?: string;
}

const storage = new AsyncLocalStorage<RequestIds>();

/**
 * Runs `fn` with `ids` as the current request: every log line written while
 * it runs (in any layer, through createLogger) carries them, and the error
 * formatter puts `requestId` into each error's extensions. One mechanism for
 * every Lambda, so no function signature has to pass the id along.
 */
export function runWithRequestIds<T>(ids: RequestIds, fn: () => Promise<T>): Promise<T> {
  return storage.run(ids, fn);
}

/** The current request's ids, or undefined outside of one (start-up, tests calling services directly). */
export function currentRequestIds(): RequestIds | undefined {
  return storage.getStore();
}

/**
 * Wraps a Lambda handler so that each invocation runs under its
 * `context.awsRequestId` (a fresh id when invoked without a context, as the
 * local in-process bus does). Used by the sweep and webhook Lambdas.
 */
export function withLambdaRequestId<E, R, C extends { awsRequestId?: string } | undefined>(
  handler: (event: E, context: C) => Promise<R>,
): (event: E, context: C) => Promise<R> {
  return (event, context) => runWithRequestIds({ requestId: context?.awsRequestId ?? randomUUID() }, () => handler(event, context));
}
