import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { toGlobalId } from '../shared/ids/global-id';

/** GraphQL resolvers for people: argument plumbing only; rules live in PersonService. */
export const personResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, { actor }) => ({ actor }),
  },
  Mutation: {
    updateProfile: (_parent, { input }, { actor, services }) => services.people.updateProfile(actor, input),
  },
  Viewer: {
    person: ({ actor }, _args, { services }) => services.people.myProfile(actor),
    couple: ({ actor }, _args, { services }) => services.couples.current(actor),
    scopes: ({ actor }) => [...actor.scopes],
  },
  Person: {
    id: (person) => toGlobalId('Person', person.id),
    timezone: (person) => person.timezone,
  },
};

/** `node(id:)` for people (visibility and scopes: PersonService.getVisible). */
export const personNodes: NodeFetchers = {
  Person: ({ actor, services }, personId) => services.people.getVisible(actor, personId),
};
