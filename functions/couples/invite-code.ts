import { randomInt } from 'node:crypto';

/**
 * Invite codes are read aloud and typed on phones, so the alphabet leaves out
 * look-alikes (0/O, 1/I/L). 31 symbols ^ 10 ≈ 8·10^14 codes: with a 7-day
 * life and API Gateway throttling, guessing one is not practical.
 */
export const INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITE_CODE_LENGTH = 10;

/** A fresh random invite code (crypto-grade randomness). */
export function generateInviteCode(): string {
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i += 1) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

/**
 * What the person typed, as a code: case, spaces and dashes are forgiven.
 * Null when it cannot be a code of ours (so it is rejected without a read).
 */
export function normalizeInviteCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== INVITE_CODE_LENGTH) return null;
  for (const ch of code) if (!INVITE_ALPHABET.includes(ch)) return null;
  return code;
}
