import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { toGlobalId } from '../shared/ids/global-id';
import { toConnection } from '../shared/pagination/connection';

/** GraphQL resolvers for prompts: argument plumbing only; rules live in PromptService. */
export const promptResolvers: Resolvers = {
  Query: {
    prompts: (_parent, args, { actor, services }) => toConnection(services.prompts.list(actor, args)),
  },
  Prompt: {
    id: (prompt) => toGlobalId('Prompt', prompt.id),
    followUps: (prompt) => [...prompt.followUps],
  },
};

/** `node(id:)` for prompts: any prompt, to any caller with `couple:read`. */
export const promptNodes: NodeFetchers = {
  Prompt: async ({ actor, services }, promptId) => services.prompts.get(actor, promptId),
};
