import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { requireLocalId, toGlobalId } from '../shared/ids/global-id';
import { toConnection } from '../shared/pagination/connection';

/** GraphQL resolvers for homework assignments: plumbing only; rules live in AssignmentService. */
export const assignmentResolvers: Resolvers = {
  Mutation: {
    assignPrompt: (_parent, { input }, { actor, services }) =>
      services.assignments.assign(actor, {
        coupleId: requireLocalId(input.coupleId, 'Couple', 'input.coupleId'),
        practiceId: requireLocalId(input.practiceId, 'Practice', 'input.practiceId'),
        promptId: requireLocalId(input.promptId, 'Prompt', 'input.promptId'),
        note: input.note,
        dueBy: input.dueBy,
      }),
  },
  Couple: {
    assignments: async (couple, args, { actor, services }) => toConnection(await services.assignments.listForCouple(actor, couple, args)),
  },
  PromptAssignment: {
    id: (assignment) => toGlobalId('PromptAssignment', assignment.id),
    couple: async (assignment, _args, { services }) => services.assignments.coupleOf(assignment),
    prompt: async (assignment, _args, { services }) => services.assignments.promptOf(assignment),
    practice: (assignment, _args, { services }) => services.practices.byId(assignment.practiceId),
    assignedBy: (assignment, _args, { services }) => services.practices.person(assignment.assignedBy),
    completedIn: (assignment, _args, { actor, services }) =>
      assignment.completedIn ? services.sessions.getVisible(actor, assignment.completedIn) : null,
  },
};

/** `node(id:)` for assignments: the couple's partners, and its practice's members while the grant is active. */
export const assignmentNodes: NodeFetchers = {
  PromptAssignment: ({ actor, services }, assignmentId) => services.assignments.getVisible(actor, assignmentId),
};
