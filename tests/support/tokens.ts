import type { AuthConfig } from '../../functions/shared/config';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER, readPublicJwks, type LocalIssuer } from '../../local/auth/local-issuer';
import { HARNESS_ENV, harnessEnv } from './harness-env';

/** Overrides for {@link tokenFor}; the defaults give a valid token with every scope. */
export interface TokenOptions {
  name?: string;
  /** Space-separated scopes (or a list); default every scope, `''` none. */
  scope?: string | readonly string[];
  /** Lifetime in seconds (default 3600); negative for an expired token. */
  expiresIn?: number;
  /** A different `iss` (to test rejection). */
  issuer?: string;
  /** A different `client_id` (to test rejection). */
  audience?: string;
  /** Cognito's user name (default: the sub). */
  username?: string;
  /** A different `token_use` (default `access`; `id` to test that ID tokens are refused). */
  tokenUse?: string;
  /** When the person signed in, epoch seconds (default: now). */
  authTime?: number;
}

let issuer: Promise<LocalIssuer> | undefined;

/** The run's test issuer (keys made by globalSetup), opened once per worker. */
export function testIssuer(): Promise<LocalIssuer> {
  issuer ??= createLocalIssuer({ keyDir: harnessEnv(HARNESS_ENV.issuerKeyDir) });
  return issuer;
}

/**
 * A signed access token for `sub`, from the same local issuer code as
 * `npm start`'s `/local/token`, verifiable with {@link testAuthConfig}.
 */
export async function tokenFor(sub: string, options: TokenOptions = {}): Promise<string> {
  return (await testIssuer()).issueToken({
    sub,
    name: options.name,
    scope: options.scope,
    expiresInSeconds: options.expiresIn,
    issuer: options.issuer,
    clientId: options.audience,
    tokenUse: options.tokenUse,
    username: options.username,
    authTime: options.authTime,
  });
}

/** The AuthConfig that accepts {@link tokenFor}'s default tokens (inline JWKS, no network). */
export function testAuthConfig(): AuthConfig {
  return {
    issuer: LOCAL_ISSUER,
    audiences: [LOCAL_CLIENT_ID],
    jwks: readPublicJwks(harnessEnv(HARNESS_ENV.issuerKeyDir)),
  };
}
