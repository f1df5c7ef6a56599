import type { Resolvers } from '../graphql/generated/resolvers-types';

/** GraphQL resolvers for connection health: argument plumbing only; formulas live in health-formulas.ts. */
export const healthResolvers: Resolvers = {
  Couple: {
    health: (couple, _args, { actor, services }) => services.health.health(actor, couple),
  },
  ConnectionHealth: {
    closenessSeries: (health, { days }, { services }) => services.health.series(health, days),
  },
  ClosenessPoint: {
    partner: async (point, _args, { services }) => {
      const partner = await services.people.getById(point.partnerId);
      if (!partner) throw new Error(`Roll-up of couple ${point.coupleId} names unknown person ${point.partnerId}`);
      return partner;
    },
  },
};
