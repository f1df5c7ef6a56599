import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { NotFoundError } from '../shared/errors';
import { localIdOf, toGlobalId } from '../shared/ids/global-id';

/** The local couple id of an input id, or NOT_FOUND naming the field (a wrong-type id is "not found"). */
function coupleIdFrom(globalId: string, field = 'input.coupleId'): string {
  const id = localIdOf(globalId, 'Couple');
  if (!id) throw new NotFoundError('Couple', field);
  return id;
}

/** GraphQL resolvers for couples: argument plumbing only; rules live in CoupleService. */
export const coupleResolvers: Resolvers = {
  Query: {
    couple: (_parent, { id }, { actor, services }) => {
      const coupleId = localIdOf(id, 'Couple');
      return coupleId ? services.couples.getVisible(actor, coupleId) : null;
    },
  },
  Mutation: {
    createCouple: (_parent, { input }, { actor, services }) => services.couples.create(actor, input),
    joinCouple: (_parent, { input }, { actor, services }) => services.couples.join(actor, input),
    renewInvite: (_parent, { input }, { actor, services }) => services.couples.renewInvite(actor, coupleIdFrom(input.coupleId)),
    leaveCouple: (_parent, { input }, { actor, services }) => services.couples.leave(actor, coupleIdFrom(input.coupleId)),
    updateReconnectPlan: (_parent, { input }, { actor, services }) => {
      const { coupleId, ...changes } = input;
      return services.couples.updatePlan(actor, coupleIdFrom(coupleId), changes);
    },
  },
  Couple: {
    id: (couple) => toGlobalId('Couple', couple.id),
    partners: async (couple, _args, { services }) => {
      const people = await Promise.all(couple.partnerIds.map((id) => services.people.getById(id)));
      return people.filter((p) => p !== null);
    },
    nextReminderAt: (couple, _args, { services }) => services.couples.nextReminderAt(couple),
    invite: (couple, _args, { actor, services }) => services.couples.openInvite(actor, couple),
  },
};

/** `node(id:)` for couples: visible to its partners only. */
export const coupleNodes: NodeFetchers = {
  Couple: ({ actor, services }, coupleId) => services.couples.getVisible(actor, coupleId),
};
