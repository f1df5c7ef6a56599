import { isUnicodeText } from '../shared/validation/text';
import { DEFAULT_DISPLAY_NAME } from './person.model';

/** Longest display name (UpdateProfileInput.displayName: 1 to 80 characters). */
export const DISPLAY_NAME_MAX = 80;

/**
 * The display name a person record starts with: the token's `name`, trimmed
 * and cut to 80 characters. A token's name is not client input we can refuse,
 * so a name that breaks the contract's text rule (control characters, lone
 * surrogates, newlines) is not used at all rather than cleaned up.
 */
export function displayNameFromToken(tokenName: string | undefined): string {
  const name = tokenName?.trim().slice(0, DISPLAY_NAME_MAX);
  return name && isUnicodeText(name, { singleLine: true }) ? name : DEFAULT_DISPLAY_NAME;
}
