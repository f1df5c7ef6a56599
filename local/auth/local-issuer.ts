import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type KeyLike } from 'jose';
import { ALL_SCOPES } from '../../functions/shared/auth/scopes';

/** `iss` of every local token; the local run's AUTH_ISSUER. */
export const LOCAL_ISSUER = 'http://127.0.0.1/local-issuer';

/** `client_id` of every local token (Cognito access-token style); the local run's AUTH_AUDIENCE. */
export const LOCAL_CLIENT_ID = 'reconnect-local';

/** Lifetime of a local token, matching Cognito's default access token (1 h). */
export const LOCAL_TOKEN_TTL_SECONDS = 3600;

const ALGORITHM = 'RS256';
const PRIVATE_KEY_FILE = 'private-key.jwk.json';
const PUBLIC_JWKS_FILE = 'jwks.json';

/** What a local token says about its holder. */
export interface IssueTokenInput {
  /** The person's stable id. */
  sub: string;
  /** Display name; omitted from the token when not given. */
  name?: string;
  /** Space-separated (or listed) scopes; default: every scope of the contract. `''` grants none. */
  scope?: string | readonly string[];
  /** Lifetime in seconds (default 3600); negative issues an already expired token, for tests. */
  expiresInSeconds?: number;
  /** Override `iss` (tests of a wrong issuer). */
  issuer?: string;
  /** Override `client_id` (tests of a wrong audience). */
  clientId?: string;
  /** Cognito's user name (default: the sub, as a Cognito pool with email sign-in has it). */
  username?: string;
  /** Override `token_use` (default `access`, as Cognito access tokens; tests of an ID token pass `id`). */
  tokenUse?: string;
  /** When the person signed in, epoch seconds (default: now, as a fresh Cognito sign-in); tests of an old sign-in pass an earlier one. */
  authTime?: number;
}

/** A token issuer whose key pair lives in one directory. */
export interface LocalIssuer {
  /** Directory holding the key files. */
  readonly keyDir: string;
  /** Key id (RFC 7638 thumbprint), also in each token's header. */
  readonly kid: string;
  /** Signs an access token with the claims a Cognito access token carries. */
  issueToken(input: IssueTokenInput): Promise<string>;
  /** The public half, for AUTH_JWKS_JSON / AuthConfig.jwks. */
  publicJwks(): JSONWebKeySet;
}

/** Options for {@link createLocalIssuer}. */
export interface LocalIssuerOptions {
  /** Where the key pair is kept (created on first use, then reused). */
  keyDir: string;
}

/**
 * Opens the issuer whose RS256 key pair is kept in `keyDir`, generating the
 * pair on first use. Keeping it on disk means tokens issued before a restart
 * of `npm start` still verify after it.
 */
export async function createLocalIssuer({ keyDir }: LocalIssuerOptions): Promise<LocalIssuer> {
  const privateJwk = await loadOrCreatePrivateJwk(keyDir);
  const kid = privateJwk.kid as string;
  const privateKey = (await importJWK(privateJwk, ALGORITHM)) as KeyLike;
  const jwks: JSONWebKeySet = { keys: [toPublicJwk(privateJwk)] };

  return {
    keyDir,
    kid,
    publicJwks: () => structuredClone(jwks),
    async issueToken(input) {
      const iat = Math.floor(Date.now() / 1000);
      const scope = input.scope === undefined ? ALL_SCOPES.join(' ') : [input.scope].flat().join(' ');
      return new SignJWT({
        client_id: input.clientId ?? LOCAL_CLIENT_ID,
        token_use: input.tokenUse ?? 'access',
        username: input.username ?? input.sub,
        // Cognito access tokens carry it, and a refresh keeps the original sign-in's time.
        auth_time: input.authTime ?? iat,
        scope,
        ...(input.name === undefined ? {} : { name: input.name }),
      })
        .setProtectedHeader({ alg: ALGORITHM, kid })
        .setIssuer(input.issuer ?? LOCAL_ISSUER)
        .setSubject(input.sub)
        .setIssuedAt(iat)
        .setExpirationTime(iat + (input.expiresInSeconds ?? LOCAL_TOKEN_TTL_SECONDS))
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}

/**
 * Reads the public JWKS of the issuer in `keyDir` synchronously (for config
 * builders that cannot await). The issuer must have been created before.
 */
export function readPublicJwks(keyDir: string): JSONWebKeySet {
  const file = path.join(keyDir, PUBLIC_JWKS_FILE);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as JSONWebKeySet;
  } catch (error) {
    throw new Error(`No local issuer keys at ${file}: call createLocalIssuer({ keyDir }) first (${String(error)})`);
  }
}

async function loadOrCreatePrivateJwk(keyDir: string): Promise<JWK> {
  const privateFile = path.join(keyDir, PRIVATE_KEY_FILE);
  if (!fs.existsSync(privateFile)) {
    fs.mkdirSync(keyDir, { recursive: true });
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = await calculateJwkThumbprint(jwk);
    jwk.alg = ALGORITHM;
    // Written aside, then hard-linked into place: link() fails if another
    // process won the race, and a reader never sees a half-written key.
    const temp = `${privateFile}.${process.pid}.${randomUUID()}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(jwk, null, 2), { mode: 0o600 });
    try {
      fs.linkSync(temp, privateFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
  const jwk = JSON.parse(fs.readFileSync(privateFile, 'utf8')) as JWK;
  writePublicJwks(keyDir, { keys: [toPublicJwk(jwk)] });
  return jwk;
}

/** The JWKS file is derived from the private key, so rewriting it is always safe. */
function writePublicJwks(keyDir: string, jwks: JSONWebKeySet): void {
  const file = path.join(keyDir, PUBLIC_JWKS_FILE);
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(jwks, null, 2));
  fs.renameSync(temp, file);
}

function toPublicJwk(jwk: JWK): JWK {
  const { kty, n, e, kid } = jwk;
  return { kty, n, e, kid, alg: ALGORITHM, use: 'sig' };
}
