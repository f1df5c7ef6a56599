import type { CognitoAuthConfig } from '../config';
import { authorizeUrl, base64Url, pkceChallenge, tokenUrl } from './hosted-ui';
import type { StoredSession } from './session';

/**
 * Cognito hosted UI, authorization code grant with PKCE (a public app client:
 * no secret in the browser). `startCognitoSignIn` sends the browser to the
 * hosted UI; on return `completeCognitoSignIn` exchanges `?code=` for tokens.
 */
const VERIFIER_KEY = 'reconnect.dashboard.pkce';

export async function startCognitoSignIn(config: CognitoAuthConfig): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(VERIFIER_KEY, JSON.stringify({ verifier, state }));
  window.location.assign(authorizeUrl(config, await pkceChallenge(verifier), state));
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
  const response = await fetch(tokenUrl(config), {
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
