import { ValidationError } from '../../../functions/shared/errors';
import { isUnicodeText, text, textList } from '../../../functions/shared/validation/text';
import { requireText } from '../../../functions/shared/validation/validators';

function failure(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('the text rule (contract README, "Text input")', () => {
  it.each([
    ['NUL', 'ab\u0000cd', 'U+0000'],
    ['an ANSI escape', 'red \u001b[31mtext', 'U+001B'],
    ['a carriage return', 'line\r\nline', 'U+000D'],
    ['a vertical tab', 'a\u000bb', 'U+000B'],
    ['DEL', 'a\u007fb', 'U+007F'],
    ['a C1 control', 'a\u0085b', 'U+0085'],
    ['a control character at the end, where trimming would hide it', 'abc\u000c', 'U+000C'],
  ])('refuses %s, naming the field and the character', (_label, value, named) => {
    // act
    const error = failure(() => text('input.body', value, { max: 100 }));

    // assert
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('input.body');
    expect(error.rule).toContain(named);
    expect(error.rule).toContain('control character');
  });

  it.each([
    ['a lone high surrogate', 'ab\ud800cd', 'U+D800'],
    ['a lone low surrogate', 'ab\udc00cd', 'U+DC00'],
    ['a high surrogate at the end', 'ab\udbff', 'U+DBFF'],
    ['two high surrogates in a row', '\ud83d\ud83d\ude00', 'U+D83D'],
  ])('refuses %s', (_label, value, named) => {
    // act
    const error = failure(() => text('input.text', value, { max: 100 }));

    // assert
    expect(error.field).toBe('input.text');
    expect(error.rule).toContain('lone surrogate');
    expect(error.rule).toContain(named);
  });

  it('keeps newline, tab, emoji (surrogate pairs), combining marks and right-to-left text as sent', () => {
    // prepare
    const value = 'We talked 💬\n\tabout the trip\u00a0— café, cafe\u0301, שלום';

    // act
    const stored = text('input.body', value, { max: 200 });

    // assert
    expect(stored).toBe(value);
    expect(isUnicodeText(value)).toBe(true);
  });

  it('refuses newline and tab in single-line fields (names, codes, URLs)', () => {
    // act
    const newline = failure(() => text('input.displayName', 'Ana\nBen', { max: 80, singleLine: true }));
    const tab = failure(() => text('input.displayName', 'Ana\tBen', { max: 80, singleLine: true }));

    // assert
    expect(newline.rule).toContain('U+000A');
    expect(tab.rule).toContain('U+0009');
  });

  it('keeps the text as sent (the contract), counting whitespace towards max but not towards min', () => {
    // act / assert
    expect(text('f', '  Ana  ', { max: 7 })).toBe('  Ana  ');
    expect(text('f', '\u00a0Ana\u3000', { max: 7 })).toBe('\u00a0Ana\u3000');
    expect(failure(() => text('f', '  Ana  ', { max: 3 })).rule).toBe('must be at most 3 characters');
    expect(failure(() => text('f', '   ', { max: 3 })).rule).toBe('must not be empty');
    expect(failure(() => text('f', 'abcd', { max: 3 })).rule).toBe('must be at most 3 characters');
    expect(failure(() => text('f', ' a ', { min: 2, max: 3 })).rule).toBe('must be at least 2 characters');
  });

  it('trims codes and URLs (trim), which are matched or parsed, not shown', () => {
    // act / assert
    expect(text('input.code', '  ABCD-1234 ', { max: 64, singleLine: true, trim: true })).toBe('ABCD-1234');
    expect(failure(() => text('input.code', ' ', { max: 64, trim: true })).rule).toBe('must not be empty');
  });

  it('refuses a 1 MB string by its length, without trouble', () => {
    // act
    const error = failure(() => text('input.displayName', 'x'.repeat(1024 * 1024), { max: 80, singleLine: true }));

    // assert
    expect(error.rule).toBe('must be at most 80 characters');
  });

  it('is what requireText and textList apply', () => {
    // act / assert
    expect(failure(() => requireText('input.text', 'a\u0000', 1, 10)).rule).toContain('U+0000');
    expect(failure(() => textList('input.followUps', ['fine', 'bad\u0007'], { max: 10 })).field).toBe('input.followUps[1]');
  });
});
