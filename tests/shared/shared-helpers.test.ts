import { parseScopes } from '../../functions/shared/auth/scopes';
import { ValidationError } from '../../functions/shared/errors';
import { fromGlobalId, localIdOf, toGlobalId } from '../../functions/shared/ids/global-id';
import { decodeCursor, encodeCursor } from '../../functions/shared/pagination/cursor';
import { isIanaTimeZone, requireIntInRange, requireText } from '../../functions/shared/validation/validators';

describe('global ids', () => {
  it('round-trip and refuse other types', () => {
    const id = toGlobalId('Couple', 'abc-123');
    expect(fromGlobalId(id)).toEqual({ type: 'Couple', localId: 'abc-123' });
    expect(localIdOf(id, 'Couple')).toBe('abc-123');
    expect(localIdOf(id, 'Person')).toBeNull();
    expect(fromGlobalId('%%%')).toBeNull();
    expect(fromGlobalId('')).toBeNull();
  });
});

describe('cursors', () => {
  it('round-trip within their partition and refuse any other', () => {
    const cursor = encodeCursor('COUPLE#1', { pk: 'a', sk: 'b' });
    expect(decodeCursor('after', cursor, 'COUPLE#1')).toEqual({ pk: 'a', sk: 'b' });
    expect(() => decodeCursor('after', cursor, 'COUPLE#2')).toThrow(ValidationError);
    expect(() => decodeCursor('after', 'garbage', 'COUPLE#1')).toThrow('after: must be a cursor returned by this list');
    expect(decodeCursor('after', null, 'COUPLE#1')).toBeUndefined();
  });
});

describe('validators', () => {
  it('name the field and the rule', () => {
    expect(() => requireText('input.body', '   ', 1, 10)).toThrow('input.body: must not be empty');
    expect(() => requireText('input.body', 'x'.repeat(11), 1, 10)).toThrow('input.body: must be at most 10 characters');
    expect(() => requireIntInRange('input.n', 1.5, 1, 3)).toThrow('input.n: must be an integer from 1 to 3');
    expect(requireText('input.body', '  ok ', 1, 10)).toBe('  ok ');
  });

  it('accept IANA zone names only', () => {
    expect(isIanaTimeZone('Europe/Berlin')).toBe(true);
    expect(isIanaTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('Mars/Base')).toBe(false);
    expect(isIanaTimeZone('+02:00')).toBe(false);
    expect(isIanaTimeZone('')).toBe(false);
  });
});

describe('scopes', () => {
  it('drop the Cognito resource-server prefix and unknown scopes', () => {
    expect(parseScopes('openid reconnect/couple:read profile bogus')).toEqual(['couple:read', 'profile']);
    expect(parseScopes('other-api/couple:write reconnect/other/profile')).toEqual([]);
    expect(parseScopes(undefined)).toEqual([]);
  });
});
