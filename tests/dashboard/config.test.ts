import fs from 'node:fs';
import path from 'node:path';
import { authorizeUrl, logoutUrl, pkceChallenge, tokenUrl } from '../../dashboard/src/auth/hosted-ui';
import { type CognitoAuthConfig, parseConfig } from '../../dashboard/src/config';

const ROOT = path.resolve(__dirname, '../..');

/** The cognito config.json the README's "Counselor dashboard" section documents. */
function readmeCognitoConfig(): unknown {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Counselor dashboard'));
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README "Counselor dashboard" has no ```json config block');
  return JSON.parse(block);
}

const COGNITO: CognitoAuthConfig = {
  mode: 'cognito',
  domain: 'https://reconnect-123.auth.eu-central-1.amazoncognito.com/',
  clientId: 'client-1',
  redirectUri: 'https://care.example.org/dashboard/',
  logoutUri: 'https://care.example.org/dashboard/',
  scopes: ['openid', 'reconnect/practice:read'],
};

/**
 * The dashboard's runtime config: `auth.mode` switches between the local
 * issuer and the Cognito hosted UI with the same build, so the switch and the
 * hosted UI's URLs are checked here (the browser tests cover local mode only).
 */
describe('dashboard config', () => {
  it('reads the shipped config.json as local mode with the local token route', () => {
    // prepare
    const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, 'dashboard/public/config.json'), 'utf8'));

    // act
    const config = parseConfig(shipped);

    // assert
    expect(config).toEqual({ graphqlUrl: '/graphql', auth: { mode: 'local', tokenUrl: '/local/token', scopes: shipped.auth.scopes } });
  });

  it('switches to the Cognito hosted UI with the config.json the README documents (no code change)', () => {
    // act
    const config = parseConfig(readmeCognitoConfig());

    // assert
    expect(config.auth.mode).toBe('cognito');
    expect(config.auth).toMatchObject({
      clientId: expect.any(String),
      redirectUri: expect.stringMatching(/^https:\/\//),
      logoutUri: expect.any(String),
    });
    expect(config.auth.scopes).toEqual(expect.arrayContaining(['openid', 'reconnect/practice:read', 'reconnect/practice:write']));
  });

  it.each([
    [{ auth: { mode: 'local', tokenUrl: '/t', scopes: [] } }, 'graphqlUrl is required'],
    [{ graphqlUrl: '/graphql', auth: { mode: 'oauth', scopes: [] } }, 'auth.mode must be "local" or "cognito"'],
    [{ graphqlUrl: '/graphql', auth: { mode: 'local', tokenUrl: '/t', scopes: 'profile' } }, 'auth.scopes must be a list of strings'],
    [{ graphqlUrl: '/graphql', auth: { mode: 'local', scopes: [] } }, 'auth.tokenUrl is required in local mode'],
    [{ graphqlUrl: '/graphql', auth: { ...COGNITO, clientId: '' } }, 'auth.clientId is required in cognito mode'],
    [{ graphqlUrl: '/graphql', auth: { ...COGNITO, redirectUri: undefined } }, 'auth.redirectUri is required in cognito mode'],
    [
      { graphqlUrl: '/graphql', auth: { ...COGNITO, domain: 'http://example.org' } },
      "auth.domain must be the hosted UI's https:// address",
    ],
  ])('refuses a broken config and names the field (%#)', (raw, message) => {
    // act + assert
    expect(() => parseConfig(raw)).toThrow(message);
  });

  it('sends the hosted UI an authorization code request with a PKCE S256 challenge and the state', () => {
    // act
    const url = new URL(authorizeUrl(COGNITO, 'challenge-1', 'state-1'));

    // assert
    expect(`${url.origin}${url.pathname}`).toBe('https://reconnect-123.auth.eu-central-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'https://care.example.org/dashboard/',
      scope: 'openid reconnect/practice:read',
      code_challenge_method: 'S256',
      code_challenge: 'challenge-1',
      state: 'state-1',
    });
    expect(tokenUrl(COGNITO)).toBe('https://reconnect-123.auth.eu-central-1.amazoncognito.com/oauth2/token');
  });

  it('derives the PKCE challenge as RFC 7636 does (its appendix B example)', async () => {
    // act
    const challenge = await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');

    // assert
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('signs out through the hosted UI only when a sign-out URL is configured', () => {
    // act
    const withLogout = new URL(logoutUrl(COGNITO)!);
    const without = logoutUrl({ ...COGNITO, logoutUri: undefined });

    // assert
    expect(withLogout.pathname).toBe('/logout');
    expect(Object.fromEntries(withLogout.searchParams)).toEqual({
      client_id: 'client-1',
      logout_uri: 'https://care.example.org/dashboard/',
    });
    expect(without).toBeNull();
  });
});
