/**
 * A typed GraphQL client in 40 lines: the documents come from
 * `examples/generated/` (graphql-codegen's client preset over
 * examples/operations/*.graphql), so each call's variables and result are
 * typed from the schema, and a field the schema drops fails `npm test`'s
 * type check instead of a client in production.
 */
import type { TypedDocumentString } from './generated/graphql';

/** A GraphQL error as the API answers it (`extensions.code` is the contract's error code). */
export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** Thrown when the answer has errors; `errors` says which and why. */
export class GraphqlRequestError extends Error {
  constructor(readonly errors: GraphqlError[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    this.name = 'GraphqlRequestError';
  }
}

/** Per-request options. */
export interface RequestOptions {
  /**
   * Makes a mutation safe to retry (README "Retries and Idempotency-Key"): a
   * new random key (crypto.randomUUID()) per action, the same on every retry
   * of it. A retry of a request that was applied is refused with CONFLICT
   * (see {@link isAlreadyApplied}) instead of making a second object; the
   * client then reads the current state.
   */
  idempotencyKey?: string;
}

/** True when `error` says the request with this Idempotency-Key was already applied (its answer is not kept). */
export function isAlreadyApplied(error: unknown): boolean {
  return error instanceof GraphqlRequestError && error.errors.some((e) => e.extensions?.idempotencyKey === 'APPLIED');
}

export interface Client {
  /** Runs a typed operation; resolves with its `data`, throws GraphqlRequestError on any error. */
  request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options?: RequestOptions,
  ): Promise<TResult>;
}

/** A client of `${baseUrl}/graphql` that sends `token` as a bearer token. */
export function createClient(baseUrl: string, token: string): Client {
  return {
    async request(document, variables, options = {}) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        },
        body: JSON.stringify({ query: document.toString(), variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: GraphqlError[] };
      if (body.errors?.length) throw new GraphqlRequestError(body.errors);
      if (!response.ok || body.data === undefined) throw new Error(`HTTP ${response.status} without data`);
      return body.data as never;
    },
  };
}

/**
 * A token from the local run's issuer (`POST /local/token`); in the cloud an
 * app gets a Cognito access token with the authorization code flow instead.
 */
export async function localToken(baseUrl: string, sub: string, name: string, scope?: string): Promise<string> {
  const response = await fetch(`${baseUrl}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, name, ...(scope ? { scope } : {}) }),
  });
  if (!response.ok) throw new Error(`POST /local/token answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
