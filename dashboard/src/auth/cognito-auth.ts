import type { CognitoAuthConfig } from '../config';
import type { StoredSession } from './session';

/**
 * Cognito hosted UI, authorization code grant with PKCE (a public app client:
 * no secret in the browser). `startCognitoSignIn` sends the browser to the
 * hosted UI; on return `completeCognitoSignIn` exchanges `?code=` for tokens.
 */
const VERIFIER_KEY = 'reconnect.dashboard.pkce';

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The hosted UI's authorize URL for this config, a PKCE challenge and a state value. */
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
  return `${config.domain.replace(/\/$/, '')}/oauth2/authorize?${params}`;
}

export async function startCognitoSignIn(config: CognitoAuthConfig): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(VERIFIER_KEY, JSON.stringify({ verifier, state }));
  window.location.assign(authorizeUrl(config, base64Url(digest), state));
}

/** Finishes a sign-in when the URL carries `code` and `state`; null when it does not. */
export async function completeCognitoSignIn(config: CognitoAuthConfig, location: Location): Promise<StoredSession | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return null;
  const saved = JSON.parse(sessionStorage.getItem(VERIFIER_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(VERIFIER_KEY);
  // Drop ?code= from the address bar whatever happens: a code is single use.
  window.history.replaceState(null, '', location.pathname + location.hash);
  if (!saved || saved.state !== params.get('state')) throw new Error('The sign-in response did not match this browser tab; sign in again.');
  const response = await fetch(`${config.domain.replace(/\/$/, '')}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: saved.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
  if (!response.ok || !body.access_token) throw new Error(`Sign-in failed at the identity provider (${body.error ?? `HTTP ${response.status}`})`);
  return { accessToken: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
}

/** The hosted UI's logout URL, or null when no sign-out URL is configured. */
export function logoutUrl(config: CognitoAuthConfig): string | null {
  if (!config.logoutUri) return null;
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri });
  return `${config.domain.replace(/\/$/, '')}/logout?${params}`;
}
