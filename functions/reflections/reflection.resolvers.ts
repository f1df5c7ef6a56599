import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { ValidationError } from '../shared/errors';
import { localIdOf, requireLocalId, toGlobalId, type NodeType } from '../shared/ids/global-id';
import { toConnection } from '../shared/pagination/connection';

const reflectionIdFrom = (globalId: string) => requireLocalId(globalId, 'Reflection', 'input.reflectionId');

/** A filter id must be an id of `type` (BAD_USER_INPUT otherwise); whose it is decides only what the list holds. */
function filterIdFrom(globalId: string | null | undefined, type: NodeType, field: string): string | null {
  if (globalId === null || globalId === undefined) return null;
  const id = localIdOf(globalId, type);
  if (!id) throw new ValidationError(field, `must be a ${type} id`);
  return id;
}

/**
 * GraphQL resolvers for reflections: id decoding and argument plumbing only.
 * Visibility, revisions and history live in ReflectionService; no resolver
 * decides what a caller may read.
 */
export const reflectionResolvers: Resolvers = {
  Query: {
    reflection: (_parent, { id }, { actor, services }) => {
      const reflectionId = localIdOf(id, 'Reflection');
      return reflectionId ? services.reflections.getVisible(actor, reflectionId) : null;
    },
  },
  Mutation: {
    writeReflection: (_parent, { input }, { actor, services }) =>
      services.reflections.write(actor, {
        ...input,
        coupleId: requireLocalId(input.coupleId, 'Couple', 'input.coupleId'),
        sessionId: input.sessionId ? requireLocalId(input.sessionId, 'ReconnectSession', 'input.sessionId', 'Session') : null,
        promptId: input.promptId ? requireLocalId(input.promptId, 'Prompt', 'input.promptId') : null,
      }),
    reviseReflection: (_parent, { input }, { actor, services }) =>
      services.reflections.revise(actor, { ...input, reflectionId: reflectionIdFrom(input.reflectionId) }),
    deleteReflection: async (_parent, { input }, { actor, services }) => {
      const deleted = await services.reflections.delete(actor, reflectionIdFrom(input.reflectionId));
      return { deletedId: toGlobalId('Reflection', deleted) };
    },
  },
  Couple: {
    reflections: async (couple, { filter, first, after }, { actor, services }) => {
      const ids = {
        authorId: filterIdFrom(filter?.authorId, 'Person', 'filter.authorId'),
        sessionId: filterIdFrom(filter?.sessionId, 'ReconnectSession', 'filter.sessionId'),
      };
      return toConnection(
        await services.reflections.listForCouple(actor, couple, { filter: filter ? { ...filter, ...ids } : null, first, after }),
      );
    },
  },
  ReconnectSession: {
    reflections: (session, _args, { actor, services }) => services.reflections.forSession(actor, session),
  },
  Reflection: {
    id: (reflection) => toGlobalId('Reflection', reflection.id),
    couple: (reflection, _args, { actor, services }) => services.reflections.coupleOf(actor, reflection),
    author: async (reflection, _args, { services }) => {
      const author = await services.people.getById(reflection.authorId);
      if (!author) throw new Error(`Reflection ${reflection.id} names unknown author ${reflection.authorId}`);
      return author;
    },
    session: (reflection, _args, { actor, services }) =>
      reflection.sessionId ? services.sessions.getVisible(actor, reflection.sessionId) : null,
    prompt: (reflection, _args, { actor, services }) => (reflection.promptId ? services.prompts.get(actor, reflection.promptId) : null),
    feelings: (reflection) => [...reflection.feelings],
    body: (reflection, _args, { actor, services }) => services.reflections.bodyOf(actor, reflection),
    revisions: (reflection, _args, { actor, services }) => services.reflections.revisionsOf(actor, reflection),
  },
  ReflectionRevision: {
    feelings: (revision) => [...revision.feelings],
  },
};

/** `node(id:)` for reflections: readable by the author, and by the partner when shared. */
export const reflectionNodes: NodeFetchers = {
  Reflection: ({ actor, services }, reflectionId) => services.reflections.getVisible(actor, reflectionId),
};
