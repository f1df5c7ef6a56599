import { generateInviteCode, INVITE_ALPHABET, INVITE_CODE_LENGTH, normalizeInviteCode } from '../../functions/couples/invite-code';

describe('invite codes', () => {
  it('are at least 8 characters from an alphabet without look-alikes', () => {
    // act
    const codes = Array.from({ length: 500 }, generateInviteCode);

    // assert
    expect(INVITE_CODE_LENGTH).toBeGreaterThanOrEqual(8);
    expect(INVITE_ALPHABET).not.toMatch(/[01OIL]/);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${INVITE_ALPHABET}]{${INVITE_CODE_LENGTH}}$`));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('forgive case, spaces and dashes when typed', () => {
    expect(normalizeInviteCode('abcde-fghjk')).toBe('ABCDEFGHJK');
    expect(normalizeInviteCode(' abcde fghjk ')).toBe('ABCDEFGHJK');
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeInviteCode('ABCDEFGHJ')).toBeNull();
    expect(normalizeInviteCode('ABCDEFGHJ0')).toBeNull();
    expect(normalizeInviteCode('')).toBeNull();
  });
});
