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

function requiredString(value: unknown, field: string, when = ''): string {
  if (typeof value !== 'string' || !value) throw new Error(`config.json: ${field} is required${when} (a non-empty string)`);
  return value;
}

/**
 * Checks a parsed config.json and keeps only what the dashboard reads.
 * `auth.mode` is the switch between the local issuer and the Cognito hosted
 * UI: the same build serves both.
 */
export function parseConfig(raw: unknown): DashboardConfig {
  const config = (raw ?? {}) as { graphqlUrl?: unknown; auth?: Record<string, unknown> };
  const graphqlUrl = requiredString(config.graphqlUrl, 'graphqlUrl');
  const auth = config.auth;
  if (!auth || (auth.mode !== 'local' && auth.mode !== 'cognito')) throw new Error('config.json: auth.mode must be "local" or "cognito"');
  const scopes = auth.scopes;
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) throw new Error('config.json: auth.scopes must be a list of strings');
  if (auth.mode === 'local') {
    return { graphqlUrl, auth: { mode: 'local', tokenUrl: requiredString(auth.tokenUrl, 'auth.tokenUrl', ' in local mode'), scopes } };
  }
  const cognito: CognitoAuthConfig = {
    mode: 'cognito',
    domain: requiredString(auth.domain, 'auth.domain', ' in cognito mode'),
    clientId: requiredString(auth.clientId, 'auth.clientId', ' in cognito mode'),
    redirectUri: requiredString(auth.redirectUri, 'auth.redirectUri', ' in cognito mode'),
    scopes,
  };
  if (!/^https:\/\//.test(cognito.domain)) throw new Error('config.json: auth.domain must be the hosted UI\'s https:// address');
  if (auth.logoutUri !== undefined) cognito.logoutUri = requiredString(auth.logoutUri, 'auth.logoutUri');
  return { graphqlUrl, auth: cognito };
}
