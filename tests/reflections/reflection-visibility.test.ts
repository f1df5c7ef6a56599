import { CARE_TEAM_READER, mayRead, mayReadRevisions, readersOf } from '../../functions/reflections/reflection-visibility';

const partners = ['ana', 'ben'];
const privateOne = { authorId: 'ana', sharing: { partner: false, careTeam: true } };
const shared = { authorId: 'ana', sharing: { partner: true, careTeam: false } };
const viewer = (personId: string) => ({ kind: 'partner' as const, personId });

describe('reflection visibility', () => {
  it.each([
    ['ana', privateOne, true],
    ['ben', privateOne, false],
    ['eve', privateOne, false],
    ['ana', shared, true],
    ['ben', shared, true],
    ['eve', shared, false],
  ])('%s reads %j: %s', (who, reflection, expected) => {
    // act / assert
    expect(mayRead(viewer(who), reflection, partners)).toBe(expected);
  });

  it('shows revisions to the author alone, whatever the sharing', () => {
    // act / assert
    expect(mayReadRevisions(viewer('ana'), shared)).toBe(true);
    expect(mayReadRevisions(viewer('ben'), shared)).toBe(false);
  });

  it('lists the readers a reflection has list entries for', () => {
    // act / assert
    expect(readersOf(privateOne, partners)).toEqual(['ana', CARE_TEAM_READER]);
    expect(readersOf(shared, partners)).toEqual(['ana', 'ben']);
    expect(readersOf({ ...shared, authorId: 'ben' }, partners)).toEqual(['ben', 'ana']);
  });

  it('lets the care team read only what was shared with it, and only with REFLECTIONS scope', () => {
    // prepare
    const reflections = { kind: 'careTeam' as const, personId: 'cora', scope: 'REFLECTIONS' as const };
    const summary = { ...reflections, scope: 'SUMMARY' as const };
    const onlyPrivate = { authorId: 'ana', sharing: { partner: false, careTeam: false } };

    // act / assert
    expect(mayRead(reflections, privateOne, partners)).toBe(true);
    expect(mayRead(summary, privateOne, partners)).toBe(false);
    expect(mayRead(reflections, shared, partners)).toBe(false);
    expect(mayRead(reflections, onlyPrivate, partners)).toBe(false);
    expect(mayReadRevisions(reflections, privateOne)).toBe(false);
  });

  it('does not let a stranger in through a couple that lists only the author', () => {
    // act / assert
    expect(mayRead(viewer('ben'), shared, ['ana'])).toBe(false);
  });
});
