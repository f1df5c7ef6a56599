import { ValidationError } from '../errors';

/**
 * The contract's "Text input" rule, in one place: every free-text input
 * (names, reflection bodies, answers, notes, prompt texts, codes, URLs) is
 * Unicode text. A lone surrogate or a control character other than newline
 * and tab is BAD_USER_INPUT naming the field: never stored, never silently
 * replaced or stripped. (Invalid UTF-8 never reaches a field: the handler
 * refuses such a request body before JSON parsing, see
 * functions/graphql/request-guard.ts.)
 */

/** Options of {@link text}. */
export interface TextOptions {
  /** Least length, not counting leading and trailing whitespace (default 1: not empty nor only spaces). 0 allows empty text. */
  min?: number;
  /** Greatest length of what is stored, in UTF-16 code units as the schema documents lengths. */
  max: number;
  /**
   * Names, titles and codes are one line: newline and tab are refused too
   * (a dashboard showing a name must not be made to break its layout).
   */
  singleLine?: boolean;
  /**
   * Return the text trimmed. Only for what is not text a person wrote and
   * is matched or parsed rather than shown (invite codes, URLs): the
   * contract stores free text as sent.
   */
  trim?: boolean;
}

// C0 controls except tab (09) and newline (0A), DEL, and the C1 controls (U+0080..U+009F).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `U+001B` for a character, as messages name it. */
function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Checks the Unicode rule alone (no length, no trimming).
 *
 * @throws ValidationError on `field` naming the offending character and its index
 */
export function requireUnicodeText(field: string, value: string, options: { singleLine?: boolean } = {}): string {
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) {
    throw new ValidationError(
      field,
      `must be valid Unicode text: lone surrogate ${codePointName(surrogate[0])} at index ${surrogate.index}`,
    );
  }
  const control = (options.singleLine ? CONTROL_SINGLE_LINE : CONTROL).exec(value);
  if (control) {
    const allowed = options.singleLine ? 'no control characters, newlines or tabs' : 'only newline and tab are allowed';
    throw new ValidationError(
      field,
      `must not contain control character ${codePointName(control[0])} (at index ${control.index}; ${allowed})`,
    );
  }
  return value;
}

/** True when `value` passes {@link requireUnicodeText} (for values that do not come from a client, e.g. a token's name). */
export function isUnicodeText(value: string, options: { singleLine?: boolean } = {}): boolean {
  return !LONE_SURROGATE.test(value) && !(options.singleLine ? CONTROL_SINGLE_LINE : CONTROL).test(value);
}

/**
 * A free-text input: the Unicode rule, at least `min` characters besides
 * leading and trailing whitespace, at most `max`. Returns the text to store:
 * as sent (the contract: "Text is stored as sent otherwise"), or trimmed
 * with `trim`.
 *
 * @example text('input.displayName', input.displayName, { max: 80, singleLine: true })
 * @throws ValidationError on `field` naming the rule it broke
 */
export function text(field: string, value: string, options: TextOptions): string {
  requireUnicodeText(field, value, options);
  const min = options.min ?? 1;
  const result = options.trim ? value.trim() : value;
  // Checked first: a 1 MB value is refused before it is trimmed.
  if (result.length > options.max) throw new ValidationError(field, `must be at most ${options.max} characters`);
  if (value.trim().length < min) {
    throw new ValidationError(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  }
  return result;
}

/** {@link text} for each element of a list input, naming `field[i]`. */
export function textList(field: string, values: readonly string[], options: TextOptions): string[] {
  return values.map((value, index) => text(`${field}[${index}]`, value, options));
}
