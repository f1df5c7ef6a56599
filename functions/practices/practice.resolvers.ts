import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { localIdOf, requireLocalId, toGlobalId } from '../shared/ids/global-id';
import { toConnection } from '../shared/pagination/connection';

const practiceIdFrom = (globalId: string) => requireLocalId(globalId, 'Practice', 'input.practiceId');
const coupleIdFrom = (globalId: string) => requireLocalId(globalId, 'Couple', 'input.coupleId');
const personIdFrom = (globalId: string) => requireLocalId(globalId, 'Person', 'input.personId');

/** GraphQL resolvers for practices, consent, the caseload and the access log: plumbing only; rules live in PracticeService. */
export const practiceResolvers: Resolvers = {
  Query: {
    practice: (_parent, { id }, { actor, services }) => {
      const practiceId = localIdOf(id, 'Practice');
      return practiceId ? services.practices.getVisible(actor, practiceId) : null;
    },
  },
  Mutation: {
    createPractice: (_parent, { input }, { actor, services }) => services.practices.create(actor, input),
    addPracticeMember: (_parent, { input }, { actor, services }) =>
      services.practices.addMember(actor, {
        practiceId: practiceIdFrom(input.practiceId),
        personId: personIdFrom(input.personId),
        role: input.role,
      }),
    removePracticeMember: (_parent, { input }, { actor, services }) =>
      services.practices.removeMember(actor, { practiceId: practiceIdFrom(input.practiceId), personId: personIdFrom(input.personId) }),
    grantCareAccess: (_parent, { input }, { actor, services }) =>
      services.practices.grant(actor, {
        coupleId: coupleIdFrom(input.coupleId),
        practiceId: practiceIdFrom(input.practiceId),
        scope: input.scope,
      }),
    revokeCareAccess: (_parent, { input }, { actor, services }) =>
      services.practices.revoke(actor, { coupleId: coupleIdFrom(input.coupleId), practiceId: practiceIdFrom(input.practiceId) }),
  },
  Viewer: {
    practices: ({ actor }, _args, { services }) => services.practices.memberships(actor),
  },
  Practice: {
    id: (practice) => toGlobalId('Practice', practice.id),
    members: (practice, _args, { actor, services }) => services.practices.members(actor, practice),
    couples: async (practice, args, { actor, services }) => {
      const page = await services.practices.caseload(actor, practice, args);
      return { ...toConnection(page), totalCount: page.totalCount };
    },
  },
  PracticeMember: {
    person: (member, _args, { services }) => services.practices.person(member.personId),
  },
  CaseloadEntry: {
    couple: (entry, _args, { services }) => services.practices.coupleOf(entry),
    scope: (entry) => entry.grant.scope,
    grantedAt: (entry) => entry.grant.activeSince ?? entry.grant.partnerGrants.at(-1)?.grantedAt ?? '',
  },
  CareGrant: {
    practice: (grant, _args, { services }) => services.practices.byId(grant.practiceId),
    grantedBy: (grant, _args, { services }) => services.practices.grantedBy(grant),
    grantedAt: (grant) => grant.activeSince,
  },
  Couple: {
    careTeam: (couple, _args, { actor, services }) => services.practices.careTeam(actor, couple),
    accessLog: async (couple, args, { actor, services }) => toConnection(await services.practices.accessLogOf(actor, couple, args)),
  },
  AccessLogEntry: {
    actor: (entry, _args, { services }) => services.practices.person(entry.actorId),
    practice: (entry, _args, { services }) => services.practices.byId(entry.practiceId),
  },
};

/** `node(id:)` for practices: members only. */
export const practiceNodes: NodeFetchers = {
  Practice: ({ actor, services }, practiceId) => services.practices.getVisible(actor, practiceId),
};
