import { createPublicKey } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, readPublicJwks } from '../../local/auth/local-issuer';
import { HARNESS_ENV, harnessEnv } from '../support/harness-env';
import { createTestApi, errorCodes, type TestApi } from '../support/test-api';
import { tokenFor } from '../support/tokens';

const ME = { query: '{ me { person { id } } }' };

describe('authentication', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi('auth');
  });
  afterAll(() => api.drop());

  async function withToken(token: string) {
    return api.raw(ME, { authorization: `Bearer ${token}` });
  }

  it('accepts a valid token', async () => {
    // act
    const response = await withToken(await tokenFor('valid'));

    // assert
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
  });

  it.each([
    ['no Authorization header', {}],
    ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a garbage token', { authorization: 'Bearer not.a.jwt' }],
  ])('refuses %s with 401 UNAUTHENTICATED', async (_label, headers) => {
    // act
    const response = await api.raw(ME, headers as Record<string, string>);

    // assert
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeUndefined();
  });

  it.each([
    ['an expired token', { expiresIn: -120 }, 'expired'],
    ['a wrong issuer', { issuer: 'https://evil.example/issuer' }, 'iss'],
    ['a token for another client', { audience: 'someone-else' }, 'another client'],
  ])('refuses %s', async (_label, options, reason) => {
    // act
    const response = await withToken(await tokenFor('mallory', options));

    // assert
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toContain(reason);
  });

  it('refuses a token signed by another key', async () => {
    // prepare
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ client_id: LOCAL_CLIENT_ID, scope: 'profile' })
      .setProtectedHeader({ alg: 'RS256', kid: publicJwk().kid })
      .setIssuer(LOCAL_ISSUER)
      .setSubject('mallory')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);

    // act
    const response = await withToken(forged);

    // assert
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toContain('signature');
  });

  it('refuses HS256 signed with the public key (algorithm confusion) and alg none', async () => {
    // prepare
    const jwk = publicJwk();
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    const claims = {
      client_id: LOCAL_CLIENT_ID,
      token_use: 'access',
      scope: 'profile',
      iss: LOCAL_ISSUER,
      sub: 'mallory',
      exp: Math.floor(Date.now() / 1000) + 600,
    };
    const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: jwk.kid }).sign(secret);
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;

    // act
    const confused = await withToken(hs256);
    const unsigned = await withToken(none);

    // assert
    expect(errorCodes(confused)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(unsigned)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses HS256 signed with the public key in PEM form (the usual shape of the confusion attack)', async () => {
    // prepare
    const pem = createPublicKey({ key: publicJwk() as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const forged = await new SignJWT({ client_id: LOCAL_CLIENT_ID, token_use: 'access', scope: 'profile' })
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk().kid })
      .setIssuer(LOCAL_ISSUER)
      .setSubject('mallory')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(String(pem)));

    // act
    const response = await withToken(forged);

    // assert
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toContain('algorithm');
  });

  it.each([
    ['an ID token (token_use id)', 'id'],
    ['a token with an empty token_use', ''],
  ])('refuses %s: only access tokens carry what the person granted an app', async (_label, tokenUse) => {
    // prepare: signed by the real issuer, for the right client, with every scope
    const token = await tokenFor('idtoken', { tokenUse });

    // act
    const response = await withToken(token);

    // assert
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toContain('access token');
  });

  it('maps Cognito-style prefixed scopes to the contract names', async () => {
    // act
    const response = await api.as('cognito', '{ me { scopes } }', {}, { scope: 'openid reconnect/couple:read reconnect/profile' });

    // assert
    expect(response.data.me.scopes.sort()).toEqual(['couple:read', 'profile']);
  });
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The test issuer's public key, as the verifier knows it. */
function publicJwk() {
  const key = readPublicJwks(harnessEnv(HARNESS_ENV.issuerKeyDir)).keys[0];
  if (!key) throw new Error('the test issuer has no public key');
  return key;
}
