import { revise, validateNewContent, validateRevision } from '../../functions/reflections/reflection-input';
import type { Reflection } from '../../functions/reflections/reflection.model';
import { ValidationError } from '../../functions/shared/errors';

const reflection: Reflection = {
  id: 'r1',
  coupleId: 'c1',
  authorId: 'ana',
  sessionId: null,
  promptId: null,
  body: 'First words',
  closeness: 6,
  feelings: ['CALM'],
  sharing: { partner: false, careTeam: false },
  createdAt: '2026-11-26T12:00:00.000Z',
  updatedAt: '2026-11-26T12:00:00.000Z',
  version: 1,
  rollupDate: '2026-11-26',
};

/** The ValidationError `act` throws, for asserting field and rule. */
function refusal(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('reflection input', () => {
  describe('validateNewContent', () => {
    it('fills in the defaults: no rating, no feelings, private; the body as sent', () => {
      // act / assert
      expect(validateNewContent({ body: '  Words  ' })).toEqual({
        body: '  Words  ',
        closeness: null,
        feelings: [],
        sharing: { partner: false, careTeam: false },
      });
    });

    it('keeps feelings once each, in the order given', () => {
      // act / assert
      expect(validateNewContent({ body: 'x', feelings: ['HURT', 'CALM', 'HURT'] }).feelings).toEqual(['HURT', 'CALM']);
    });

    it('treats an omitted sharing flag as false', () => {
      // act / assert
      expect(validateNewContent({ body: 'x', sharing: { careTeam: true } }).sharing).toEqual({ partner: false, careTeam: true });
      expect(validateNewContent({ body: 'x', sharing: { partner: null } }).sharing).toEqual({ partner: false, careTeam: false });
    });

    it.each([
      [{ body: '' }, 'input.body', 'must not be empty'],
      [{ body: ' \n\t ' }, 'input.body', 'must not be empty'],
      [{ body: 'x'.repeat(20_001) }, 'input.body', 'must be at most 20000 characters'],
      [{ body: 'x', closeness: 0 }, 'input.closeness', 'must be an integer from 1 to 10'],
      [{ body: 'x', closeness: 11 }, 'input.closeness', 'must be an integer from 1 to 10'],
      [{ body: 'x', closeness: 5.5 }, 'input.closeness', 'must be an integer from 1 to 10'],
    ])('refuses %#: %s %s', (input, field, rule) => {
      // act
      const error = refusal(() => validateNewContent(input));

      // assert
      expect({ field: error.field, rule: error.rule }).toEqual({ field, rule });
    });

    it('accepts 1 and 20,000 characters and closeness 1 and 10', () => {
      // act / assert
      expect(validateNewContent({ body: 'x'.repeat(20_000), closeness: 10 }).body).toHaveLength(20_000);
      expect(validateNewContent({ body: 'x', closeness: 1 }).closeness).toBe(1);
    });

    it('never repeats the refused text', () => {
      // act
      const error = refusal(() => validateNewContent({ body: 'secret '.repeat(3000) }));

      // assert
      expect(error.message).not.toContain('secret');
    });
  });

  describe('validateRevision', () => {
    it('keeps omitted fields, removes a rating on null, replaces sharing as a whole', () => {
      // act / assert
      expect(validateRevision({ expectedVersion: 1, closeness: null }).changes).toEqual({ closeness: null });
      expect(validateRevision({ expectedVersion: 2, feelings: [] }).changes).toEqual({ feelings: [] });
      expect(validateRevision({ expectedVersion: 2, sharing: { partner: true } }).changes).toEqual({
        sharing: { partner: true, careTeam: false },
      });
    });

    it.each([
      [{ expectedVersion: 0, body: 'x' }, 'input.expectedVersion'],
      [{ expectedVersion: -1, body: 'x' }, 'input.expectedVersion'],
      [{ expectedVersion: 1 }, 'input'],
      [{ expectedVersion: 1, body: null }, 'input.body'],
      [{ expectedVersion: 1, body: '   ' }, 'input.body'],
      [{ expectedVersion: 1, feelings: null }, 'input.feelings'],
      [{ expectedVersion: 1, sharing: null }, 'input.sharing'],
      [{ expectedVersion: 1, closeness: 12 }, 'input.closeness'],
    ])('refuses %j naming %s', (input, field) => {
      // act / assert
      expect(refusal(() => validateRevision(input)).field).toBe(field);
    });
  });

  describe('revise', () => {
    it('bumps the version and keeps the replaced version with the instant it was written', () => {
      // act
      const { revised, revision } = revise(
        { ...reflection, version: 3, updatedAt: '2026-11-27T08:00:00.000Z' },
        { body: 'Better words' },
        '2026-11-28T09:00:00.000Z',
      );

      // assert
      expect(revised).toMatchObject({
        body: 'Better words',
        closeness: 6,
        version: 4,
        updatedAt: '2026-11-28T09:00:00.000Z',
        createdAt: reflection.createdAt,
      });
      expect(revision).toEqual({
        reflectionId: 'r1',
        version: 3,
        body: 'First words',
        closeness: 6,
        feelings: ['CALM'],
        sharing: { partner: false, careTeam: false },
        editedAt: '2026-11-27T08:00:00.000Z',
      });
    });
  });
});
