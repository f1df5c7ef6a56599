import { emptyGrant, isActive, narrowestScope, revoked, withConsent } from '../../functions/practices/care-scope';

describe('care-scope rules', () => {
  const partners = ['ana', 'ben'];

  it('takes the narrowest scope the partners granted', () => {
    expect(narrowestScope(['REFLECTIONS', 'SUMMARY'])).toBe('SUMMARY');
    expect(narrowestScope(['REFLECTIONS', 'REFLECTIONS'])).toBe('REFLECTIONS');
    expect(narrowestScope([])).toBe('SUMMARY');
  });

  it('is active only with every partner of an ACTIVE couple', () => {
    const both = [
      { personId: 'ana', scope: 'SUMMARY' as const, grantedAt: 't1' },
      { personId: 'ben', scope: 'SUMMARY' as const, grantedAt: 't2' },
    ];
    expect(isActive(both.slice(0, 1), partners, true)).toBe(false);
    expect(isActive(both, partners, true)).toBe(true);
    expect(isActive(both, partners, false)).toBe(false);
    expect(isActive(both.slice(0, 1), ['ana'], true)).toBe(false);
  });

  it("replaces only the caller's consent and keeps activeSince while it stays active", () => {
    // prepare
    const one = withConsent(emptyGrant('c', 'p'), { personId: 'ana', scope: 'REFLECTIONS', grantedAt: 't1' }, partners, true);
    const two = withConsent(one, { personId: 'ben', scope: 'REFLECTIONS', grantedAt: 't2' }, partners, true);

    // act
    const narrowed = withConsent(two, { personId: 'ana', scope: 'SUMMARY', grantedAt: 't3' }, partners, true);

    // assert
    expect(one).toMatchObject({ active: false, activeSince: null, version: 1 });
    expect(two).toMatchObject({ active: true, activeSince: 't2', scope: 'REFLECTIONS' });
    expect(narrowed).toMatchObject({ active: true, activeSince: 't2', scope: 'SUMMARY' });
    expect(narrowed.partnerGrants.find((g) => g.personId === 'ben')?.scope).toBe('REFLECTIONS');
  });

  it('clears every consent on revoke', () => {
    // prepare
    const active = withConsent(
      withConsent(emptyGrant('c', 'p'), { personId: 'ana', scope: 'SUMMARY', grantedAt: 't1' }, partners, true),
      { personId: 'ben', scope: 'SUMMARY', grantedAt: 't2' },
      partners,
      true,
    );

    // act
    const ended = revoked(active, 'ben', 't3');

    // assert
    expect(ended).toMatchObject({ active: false, partnerGrants: [], revokedAt: 't3', revokedBy: 'ben', caseload: null });
  });
});
