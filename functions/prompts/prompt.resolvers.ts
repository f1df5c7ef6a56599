import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { localIdOf, requireLocalId, toGlobalId } from '../shared/ids/global-id';
import { toConnection } from '../shared/pagination/connection';

/** GraphQL resolvers for prompts: argument plumbing only; rules live in PromptService. */
export const promptResolvers: Resolvers = {
  Query: {
    prompts: async (_parent, { filter, first, after }, { actor, services }) => {
      // A practice id of the wrong type names no practice the caller can read: an empty page.
      const practiceId = filter?.practiceId == null ? null : (localIdOf(filter.practiceId, 'Practice') ?? '');
      return toConnection(await services.prompts.list(actor, { filter: filter ? { ...filter, practiceId } : null, first, after }));
    },
  },
  Mutation: {
    createPrompt: (_parent, { input }, { actor, services }) =>
      services.prompts.create(actor, { ...input, practiceId: requireLocalId(input.practiceId, 'Practice', 'input.practiceId') }),
    archivePrompt: (_parent, { input }, { actor, services }) =>
      services.prompts.archive(actor, requireLocalId(input.promptId, 'Prompt', 'input.promptId')),
  },
  Practice: {
    prompts: async (practice, args, { actor, services }) => toConnection(await services.prompts.ofPractice(actor, practice.id, args)),
  },
  Prompt: {
    id: (prompt) => toGlobalId('Prompt', prompt.id),
    followUps: (prompt) => [...prompt.followUps],
    practice: (prompt, _args, { services }) => (prompt.practiceId ? services.practices.byId(prompt.practiceId) : null),
  },
};

/** `node(id:)` for prompts: the library to any caller with `couple:read`; a practice's to its members and couples. */
export const promptNodes: NodeFetchers = {
  Prompt: async ({ actor, services }, promptId) => services.prompts.get(actor, promptId),
};
