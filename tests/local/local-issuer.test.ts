import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { ALL_SCOPES } from '../../functions/shared/auth/scopes';
import { createLocalIssuer, LOCAL_CLIENT_ID, LOCAL_ISSUER, readPublicJwks } from '../../local/auth/local-issuer';

describe('local issuer', () => {
  let keyDir: string;

  beforeEach(() => {
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-issuer-test-'));
  });

  afterEach(() => {
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  it('issues an RS256 access token that verifies against its public JWKS', async () => {
    // prepare
    const issuer = await createLocalIssuer({ keyDir });

    // act
    const issuing = Math.floor(Date.now() / 1000);
    const token = await issuer.issueToken({ sub: 'alice', name: 'Alice' });
    const issued = Math.floor(Date.now() / 1000);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(issuer.publicJwks()), {
      issuer: LOCAL_ISSUER,
      algorithms: ['RS256'],
    });

    // assert
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: issuer.kid });
    expect(payload).toMatchObject({
      iss: 'http://127.0.0.1/local-issuer',
      client_id: 'reconnect-local',
      token_use: 'access',
      sub: 'alice',
      name: 'Alice',
      scope: ALL_SCOPES.join(' '),
    });
    expect(payload.scope).toBe('profile couple:read couple:write reflections:read reflections:write practice:read practice:write webhooks');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    // Issued while issueToken ran (a bracket in whole seconds, not a tolerance).
    expect(payload.iat).toBeGreaterThanOrEqual(issuing);
    expect(payload.iat).toBeLessThanOrEqual(issued);
    expect(LOCAL_CLIENT_ID).toBe('reconnect-local');
  });

  it('publishes only the public key', async () => {
    // prepare
    const issuer = await createLocalIssuer({ keyDir });

    // act
    const jwks = issuer.publicJwks();

    // assert
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid: issuer.kid, alg: 'RS256', use: 'sig' });
    expect(readPublicJwks(keyDir)).toEqual(jwks);
  });

  it('reuses the key pair kept in the same directory', async () => {
    // prepare
    const first = await createLocalIssuer({ keyDir });
    const token = await first.issueToken({ sub: 'bob' });

    // act
    const second = await createLocalIssuer({ keyDir });
    const { payload } = await jwtVerify(token, createLocalJWKSet(second.publicJwks()), { issuer: LOCAL_ISSUER });

    // assert
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwks()).toEqual(first.publicJwks());
    expect(payload.sub).toBe('bob');
    expect(fs.statSync(path.join(keyDir, 'private-key.jwk.json')).mode & 0o077).toBe(0);
  });

  it('gives different directories different keys', async () => {
    // prepare
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-issuer-other-'));
    const mine = await createLocalIssuer({ keyDir });
    const other = await createLocalIssuer({ keyDir: otherDir });
    const token = await other.issueToken({ sub: 'mallory' });

    // act
    const verification = jwtVerify(token, createLocalJWKSet(mine.publicJwks()));

    // assert
    await expect(verification).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    fs.rmSync(otherDir, { recursive: true, force: true });
  });

  it('honours scope, lifetime, issuer and client overrides', async () => {
    // prepare
    const issuer = await createLocalIssuer({ keyDir });
    const keys = createLocalJWKSet(issuer.publicJwks());

    // act
    const scoped = await issuer.issueToken({ sub: 'carol', scope: ['couple:read', 'profile'] });
    const none = await issuer.issueToken({ sub: 'carol', scope: '' });
    const expired = await issuer.issueToken({ sub: 'carol', expiresInSeconds: -60 });
    const foreign = await issuer.issueToken({ sub: 'carol', issuer: 'https://elsewhere', clientId: 'other-app' });

    // assert
    expect((await jwtVerify(scoped, keys)).payload.scope).toBe('couple:read profile');
    expect((await jwtVerify(none, keys)).payload.scope).toBe('');
    await expect(jwtVerify(expired, keys)).rejects.toBeInstanceOf(errors.JWTExpired);
    const { payload } = await jwtVerify(foreign, keys);
    expect(payload.iss).toBe('https://elsewhere');
    expect(payload.client_id).toBe('other-app');
    expect(decodeProtectedHeader(foreign).kid).toBe(issuer.kid);
  });
});
