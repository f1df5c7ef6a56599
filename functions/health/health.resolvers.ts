import type { Resolvers } from '../graphql/generated/resolvers-types';

/** GraphQL resolvers for connection health: argument plumbing only; formulas live in health-formulas.ts. */
export const healthResolvers: Resolvers = {
  Couple: {
    health: (couple, _args, { actor, services }) => services.health.health(actor, couple),
  },
  ConnectionHealth: {
    closenessSeries: (health, { days }, { services }) => services.health.series(health, days),
  },
};
