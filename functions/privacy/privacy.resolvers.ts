import type { Resolvers } from '../graphql/generated/resolvers-types';

/** GraphQL resolvers for the person's own data: argument plumbing only; rules live in PrivacyService. */
export const privacyResolvers: Resolvers = {
  Mutation: {
    exportMyData: (_parent, _args, { actor, services }) => services.privacy.exportData(actor),
    deleteMyAccount: (_parent, { input }, { actor, services }) => services.privacy.eraseAccount(actor, input),
  },
};
