import { jsonRoute } from '../http/json';
import { HttpError, type LocalRoute } from '../http/route';
import { LOCAL_TOKEN_TTL_SECONDS, type LocalIssuer } from './local-issuer';

/** Response body of `POST /local/token`, shaped like an OAuth token response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/**
 * `POST /local/token` with `{"sub": "alice", "name": "Alice", "scope": "..."}`
 * (name and scope optional; scope defaults to every scope) returns a token
 * from the local issuer. Invalid fields give 400 with a JSON error naming them.
 */
export function createTokenRoute(issuer: LocalIssuer): LocalRoute {
  return jsonRoute(async (body): Promise<TokenResponse> => {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const { sub, name, scope } = input;
    if (typeof sub !== 'string' || sub.trim() === '') {
      throw new HttpError(400, '"sub" is required and must be a non-empty string, e.g. {"sub": "alice", "name": "Alice"}');
    }
    if (name !== undefined && typeof name !== 'string') throw new HttpError(400, '"name" must be a string when given');
    if (scope !== undefined && typeof scope !== 'string') {
      throw new HttpError(400, '"scope" must be a space-separated string when given, e.g. "profile couple:read"');
    }
    const accessToken = await issuer.issueToken({ sub, name, scope });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: LOCAL_TOKEN_TTL_SECONDS };
  });
}
