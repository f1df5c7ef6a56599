import type { CognitoAuthConfig } from '../config';

/**
 * The pieces of the Cognito hosted UI's protocol that need no browser state
 * (so that they are unit-tested under Node): the PKCE challenge and the
 * authorize, token and logout URLs. cognito-auth.ts does the redirects.
 */

/** base64url without padding (RFC 4648 section 5), as PKCE and `state` use it. */
export function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 code challenge of a PKCE verifier (RFC 7636 section 4.2). */
export async function pkceChallenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function base(config: CognitoAuthConfig): string {
  return config.domain.replace(/\/$/, '');
}

/** The authorize URL: authorization code grant with a PKCE (S256) challenge and a state value. */
export function authorizeUrl(config: CognitoAuthConfig, challenge: string, state: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(' '),
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  return `${base(config)}/oauth2/authorize?${params}`;
}

/** Where the code is exchanged for tokens. */
export function tokenUrl(config: CognitoAuthConfig): string {
  return `${base(config)}/oauth2/token`;
}

/** The hosted UI's logout URL, or null when no sign-out URL is configured. */
export function logoutUrl(config: CognitoAuthConfig): string | null {
  if (!config.logoutUri) return null;
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri });
  return `${base(config)}/logout?${params}`;
}
