/**
 * A tiny GraphQL client: POST JSON with the bearer token, and errors sorted
 * into what a counselor can act on (sign in again, ask the couple, retry).
 */
export interface GraphqlErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

/** Why a request failed, in the terms the screens explain. */
export type ApiFailure =
  /** The token expired or was refused: sign in again. */
  | 'UNAUTHENTICATED'
  /** The token lacks a scope or the role does not allow it. */
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  /** The API is unreachable or answered something that is not GraphQL. */
  | 'NETWORK'
  | 'OTHER';

export class ApiError extends Error {
  constructor(
    readonly failure: ApiFailure,
    message: string,
    readonly errors: GraphqlErrorBody[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const KNOWN: ApiFailure[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'RATE_LIMITED'];

function failureOf(errors: GraphqlErrorBody[]): ApiFailure {
  const codes = errors.map((e) => e.extensions?.code);
  // The most actionable first: an expired token explains every other error in the response.
  return KNOWN.find((code) => codes.includes(code)) ?? 'OTHER';
}

export interface GraphqlResult<T> {
  data: T;
  /** Errors on single fields (e.g. a field the grant does not cover) that left the rest of the data intact. */
  fieldErrors: GraphqlErrorBody[];
}

export type GraphqlClient = <T>(query: string, variables?: Record<string, unknown>) => Promise<GraphqlResult<T>>;

/**
 * Builds the client. A response with no data at all, or an UNAUTHENTICATED
 * error anywhere, throws ApiError; field errors beside data are returned so
 * a screen can show the rest.
 */
export function createGraphqlClient(url: string, token: () => string | null): GraphqlClient {
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    let response: Response;
    try {
      const accessToken = token();
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new ApiError('NETWORK', 'The Reconnect API cannot be reached. Check the connection and try again.');
    }
    const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: GraphqlErrorBody[] } | null;
    if (!body) throw new ApiError('NETWORK', `The Reconnect API answered HTTP ${response.status} without a GraphQL response.`);
    const errors = body.errors ?? [];
    const failure = failureOf(errors);
    if (failure === 'UNAUTHENTICATED' || body.data === null || body.data === undefined) {
      throw new ApiError(failure, errors[0]?.message ?? `HTTP ${response.status}`, errors);
    }
    return { data: body.data, fieldErrors: errors };
  };
}
