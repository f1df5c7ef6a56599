import { ACCEPT_BREAKING_FLAG, decideSnapshot, snapshotOptions } from '../../scripts/schema-snapshot';

/** `npm run schema:snapshot` decides here; the breaking-change test is only as strong as this refusal. */
describe('schema snapshot', () => {
  const PUBLISHED = `type Query {
  couple(id: ID!): Couple
}

type Couple {
  id: ID!
  status: String!
}
`;

  it('refuses to record a schema that breaks clients of the published one, naming each change', () => {
    // prepare: a field removed and an argument made required
    const current = 'type Query { couple(id: ID!, as: String!): Couple } type Couple { id: ID! }';

    // act
    const decision = decideSnapshot(PUBLISHED, current, { acceptBreaking: false });

    // assert
    expect(decision.write).toBe(false);
    expect(decision.breaking).toEqual([
      'REQUIRED_ARG_ADDED: A required arg as on Query.couple was added.',
      'FIELD_REMOVED: Couple.status was removed.',
    ]);
  });

  it('records an addition', () => {
    // prepare
    const current = 'type Query { couple(id: ID!): Couple } type Couple { id: ID! status: String! createdAt: String }';

    // act
    const decision = decideSnapshot(PUBLISHED, current, { acceptBreaking: false });

    // assert
    expect(decision).toEqual({
      write: true,
      breaking: [],
      printed: 'type Couple {\n  createdAt: String\n  id: ID!\n  status: String!\n}\n\ntype Query {\n  couple(id: ID!): Couple\n}\n',
    });
  });

  it(`records a breaking change only with ${ACCEPT_BREAKING_FLAG}, still listing it`, () => {
    // prepare
    const current = 'type Query { couple(id: ID!): Couple } type Couple { id: ID! }';

    // act
    const decision = decideSnapshot(PUBLISHED, current, snapshotOptions([ACCEPT_BREAKING_FLAG]));

    // assert
    expect(decision.write).toBe(true);
    expect(decision.breaking).toEqual(['FIELD_REMOVED: Couple.status was removed.']);
  });

  it('records the first snapshot when none is published yet', () => {
    // act
    const decision = decideSnapshot(null, 'type Query { ping: String }', { acceptBreaking: false });

    // assert
    expect(decision).toEqual({ write: true, breaking: [], printed: 'type Query {\n  ping: String\n}\n' });
  });

  it('reads no override from no arguments, and refuses an unknown one (a misspelt override)', () => {
    // act + assert
    expect(snapshotOptions([])).toEqual({ acceptBreaking: false });
    expect(() => snapshotOptions(['--accept-breakin'])).toThrow(
      'Unknown argument(s): --accept-breakin (only --accept-breaking is accepted)',
    );
  });
});
