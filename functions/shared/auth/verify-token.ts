import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from '../config';
import { UnauthenticatedError } from '../errors';
import { parseScopes, type Scope } from './scopes';

/** Who is calling, as the verified token says. */
export interface Caller {
  /** The token's `sub`: the person's stable id. */
  sub: string;
  /** The token's `name`, used once to create the person record. */
  name?: string;
  /**
   * The token's `username`: Cognito's user name, which erasure deletes from
   * the pool. With email sign-in it is the sub; a federated sign-in has
   * another (`<provider>_<id>`).
   */
  username?: string;
  /** The token's `auth_time` (epoch seconds): when the person last signed in; a refreshed token keeps it. */
  authTime?: number;
  scopes: Scope[];
}

/** Only asymmetric algorithms: an HMAC "alg" would let a public key act as a shared secret. */
const ALLOWED_ALGORITHMS = ['RS256', 'ES256'];

/** Verifies a bearer token; throws UnauthenticatedError with a client-safe reason. */
export type TokenVerifier = (authorizationHeader: string | undefined) => Promise<Caller>;

/**
 * Builds the verifier used in the cloud (Cognito's JWKS over HTTPS) and in the
 * local run and tests (the local issuer's inline JWKS): one code path.
 *
 * The Lambda verifies even though API Gateway's JWT authorizer already did:
 * the function must be safe if it is ever invoked another way (a direct
 * invoke, a misconfigured route), and the authorizer does not check `alg`.
 */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const keys = config.jwks ? createLocalJWKSet(config.jwks) : prefetchedRemoteKeys(config.jwksUrl as string);
  const audiences = new Set(config.audiences);

  return async (authorizationHeader) => {
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(authorizationHeader ?? '');
    if (!match?.[1]) throw new UnauthenticatedError('A bearer token is required (Authorization: Bearer <token>)');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], keys, {
        issuer: config.issuer,
        algorithms: ALLOWED_ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      }));
    } catch (error) {
      throw new UnauthenticatedError(describeFailure(error));
    }
    // An ID token proves who signed in to an app, not what the person let that
    // app do: it carries no scopes of ours and its `aud` is any app client.
    // Cognito marks each kind in `token_use`; only access tokens are accepted.
    if (payload.token_use !== 'access') throw new UnauthenticatedError('Only an access token is accepted (token_use must be "access")');
    // Cognito access tokens carry the app client in `client_id`; ID tokens and other issuers use `aud`.
    const tokenAudiences = [payload.client_id, ...(Array.isArray(payload.aud) ? payload.aud : [payload.aud])];
    if (!tokenAudiences.some((a) => typeof a === 'string' && audiences.has(a))) {
      throw new UnauthenticatedError('The token was issued for another client');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 128) {
      throw new UnauthenticatedError('The token has no usable subject');
    }
    return {
      sub: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : undefined,
      username: typeof payload.username === 'string' && payload.username.length > 0 ? payload.username : undefined,
      authTime: typeof payload.auth_time === 'number' && Number.isFinite(payload.auth_time) ? payload.auth_time : undefined,
      scopes: parseScopes(payload.scope),
    };
  };
}

/**
 * The issuer's JWKS over HTTPS (Cognito in the cloud), fetched as soon as
 * the verifier is built, i.e. during the Lambda's init: the download then
 * overlaps the rest of the cold start instead of being a round trip the
 * first request waits for. A request arriving before it finished waits for
 * that same fetch (jose shares it); a failed prefetch only means the first
 * verification fetches the keys itself, as without it.
 */
function prefetchedRemoteKeys(url: string): ReturnType<typeof createRemoteJWKSet> {
  const keys = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000 });
  keys.reload().catch(() => undefined);
  return keys;
}

function describeFailure(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "The token's signing algorithm is not accepted";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
    return 'The token signature is not valid';
  }
  return 'The token is not valid';
}
