/**
 * The peer's whole GraphQL schema: just what the benchmark's `me` query asks
 * for, so the peer pays for nothing the project does not ask of it.
 */
export const PEER_TYPE_DEFS = /* GraphQL */ `
  type Person {
    id: ID!
    displayName: String!
  }
  type Me {
    person: Person
    scopes: [String!]!
  }
  type Query {
    me: Me!
  }
`;

/** The item both the project and the peer read: the benchmark person's profile. */
export const PEER_PERSON_KEY = { pk: 'PERSON#bench-person', sk: 'PROFILE' };
