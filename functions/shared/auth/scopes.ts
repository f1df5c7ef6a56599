/** Scopes fixed by the contract (shared/contract/README.md, "Scopes"). */
export const ALL_SCOPES = [
  'profile',
  'couple:read',
  'couple:write',
  'reflections:read',
  'reflections:write',
  'practice:read',
  'practice:write',
  'webhooks',
] as const;

export type Scope = (typeof ALL_SCOPES)[number];

const KNOWN = new Set<string>(ALL_SCOPES);

/** Cognito names custom scopes `<resource server>/<scope>`; ours is this one (infra/constructs/auth.ts). */
export const RESOURCE_SERVER_ID = 'reconnect';

const PREFIX = `${RESOURCE_SERVER_ID}/`;

/**
 * Parses a token's space-separated `scope` claim. Cognito prefixes custom
 * scopes with the resource server id (`reconnect/couple:read`); that prefix,
 * and only that one, is dropped so the same names work for Cognito and the
 * local issuer: `other-api/couple:write` grants nothing here. Unknown scopes
 * (openid, email, ...) are ignored.
 *
 * Why a bare name is accepted at all (and so the OIDC scope `profile` would
 * count as ours): the local issuer mints bare names, and in the cloud our
 * app clients may ask for `openid` and `reconnect/*` scopes only
 * (infra/constructs/auth.ts), so Cognito never puts a bare `profile` in one
 * of our access tokens.
 */
export function parseScopes(claim: unknown): Scope[] {
  if (typeof claim !== 'string') return [];
  const scopes = claim
    .split(/\s+/)
    .map((s) => (s.startsWith(PREFIX) ? s.slice(PREFIX.length) : s))
    .filter((s): s is Scope => KNOWN.has(s));
  return [...new Set(scopes)];
}
