import type { LocalAuthConfig } from '../config';
import type { StoredSession } from './session';

/**
 * Local run only: asks `POST /local/token` for a counselor's token. The local
 * issuer signs it with the same claims Cognito would put in an access token,
 * and the API verifies it through the same code path.
 */
export async function signInLocally(config: LocalAuthConfig, sub: string, name: string): Promise<StoredSession> {
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, name, scope: config.scopes.join(' ') }),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(body.error ?? `The local token issuer answered HTTP ${response.status}`);
  }
  return { accessToken: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
}
