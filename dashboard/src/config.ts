/**
 * Runtime configuration, read from `config.json` beside index.html when the
 * app starts. The same build runs locally and in the cloud: only this file
 * differs (README "Counselor dashboard": the Cognito settings).
 */
export interface LocalAuthConfig {
  mode: 'local';
  /** The local run's token issuer, `POST /local/token`. */
  tokenUrl: string;
  scopes: string[];
}

export interface CognitoAuthConfig {
  mode: 'cognito';
  /** The user pool's hosted UI domain, e.g. https://reconnect-prod.auth.eu-central-1.amazoncognito.com */
  domain: string;
  /** The dashboard's app client (public, no secret, authorization code grant with PKCE). */
  clientId: string;
  /** Must be one of the app client's callback URLs, e.g. https://dashboard.example.org/dashboard/ */
  redirectUri: string;
  /** Where the hosted UI sends the browser after sign-out (one of the app client's sign-out URLs). */
  logoutUri?: string;
  /** Resource-server scopes, e.g. reconnect/practice:read. */
  scopes: string[];
}

export interface DashboardConfig {
  graphqlUrl: string;
  auth: LocalAuthConfig | CognitoAuthConfig;
}

/** Loads and checks config.json; a broken file is reported, never guessed around. */
export async function loadConfig(url = 'config.json'): Promise<DashboardConfig> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json could not be loaded (HTTP ${response.status})`);
  const raw = (await response.json()) as Partial<DashboardConfig>;
  if (typeof raw.graphqlUrl !== 'string' || !raw.graphqlUrl) throw new Error('config.json: graphqlUrl is required');
  const auth = raw.auth as { mode?: unknown; scopes?: unknown; tokenUrl?: unknown; domain?: unknown; clientId?: unknown; redirectUri?: unknown } | undefined;
  if (!auth || (auth.mode !== 'local' && auth.mode !== 'cognito')) throw new Error('config.json: auth.mode must be "local" or "cognito"');
  if (!Array.isArray(auth.scopes)) throw new Error('config.json: auth.scopes must be a list');
  if (auth.mode === 'local' && typeof auth.tokenUrl !== 'string') throw new Error('config.json: auth.tokenUrl is required in local mode');
  if (auth.mode === 'cognito') {
    for (const key of ['domain', 'clientId', 'redirectUri'] as const) {
      if (typeof auth[key] !== 'string' || !auth[key]) throw new Error(`config.json: auth.${key} is required in cognito mode`);
    }
  }
  return raw as DashboardConfig;
}
