import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { localIdOf, requireLocalId, toGlobalId } from '../shared/ids/global-id';
import { toConnection } from '../shared/pagination/connection';

const sessionIdFrom = (globalId: string) => requireLocalId(globalId, 'ReconnectSession', 'input.sessionId', 'Session');
const coupleIdFrom = (globalId: string) => requireLocalId(globalId, 'Couple', 'input.coupleId');

/**
 * GraphQL resolvers for reconnect sessions: id decoding and argument
 * plumbing only. Visibility, the state machine and answer-then-reveal live
 * in SessionService; no resolver decides what a caller may read.
 */
export const sessionResolvers: Resolvers = {
  Query: {
    session: (_parent, { id }, { actor, services }) => {
      const sessionId = localIdOf(id, 'ReconnectSession');
      return sessionId ? services.sessions.getVisible(actor, sessionId) : null;
    },
  },
  Mutation: {
    scheduleSession: (_parent, { input }, { actor, services }) =>
      services.sessions.schedule(actor, { coupleId: coupleIdFrom(input.coupleId), scheduledFor: input.scheduledFor }),
    startSession: (_parent, { input }, { actor, services }) =>
      services.sessions.start(actor, {
        ...input,
        coupleId: coupleIdFrom(input.coupleId),
        sessionId: input.sessionId ? sessionIdFrom(input.sessionId) : null,
      }),
    answerPrompt: (_parent, { input }, { actor, services }) =>
      services.sessions.answer(actor, {
        sessionId: sessionIdFrom(input.sessionId),
        promptId: requireLocalId(input.promptId, 'Prompt', 'input.promptId'),
        text: input.text,
      }),
    completeSession: (_parent, { input }, { actor, services }) => services.sessions.complete(actor, sessionIdFrom(input.sessionId)),
    cancelSession: (_parent, { input }, { actor, services }) => services.sessions.cancel(actor, sessionIdFrom(input.sessionId)),
  },
  Couple: {
    sessions: async (couple, args, { actor, services }) => toConnection(await services.sessions.listForCouple(actor, couple, args)),
  },
  ReconnectSession: {
    id: (session) => toGlobalId('ReconnectSession', session.id),
    couple: (session, _args, { services }) => services.sessions.coupleOf(session),
    startedBy: (session, _args, { services }) =>
      session.startedBy ? services.sessions.partner(session.coupleId, session.startedBy) : null,
    prompts: (session, _args, { services }) => services.sessions.promptsOf(session),
    bothParticipated: (session, _args, { services }) => services.sessions.bothParticipated(session),
  },
  SessionPrompt: {
    prompt: (sessionPrompt, _args, { services }) => services.sessions.promptOf(sessionPrompt),
    answers: (sessionPrompt, _args, { actor, services }) => services.sessions.visibleAnswers(actor, sessionPrompt),
    waitingOn: (sessionPrompt, _args, { actor, services }) => services.sessions.waitingOn(actor, sessionPrompt),
  },
  PromptAnswer: {
    author: async (answer, _args, { services }) => {
      const author = await services.sessions.partner(answer.coupleId, answer.authorId);
      if (!author) throw new Error(`Answer author ${answer.authorId} is not a partner of couple ${answer.coupleId}`);
      return author;
    },
  },
};

/** `node(id:)` for sessions: visible to the couple's partners only. */
export const sessionNodes: NodeFetchers = {
  ReconnectSession: ({ actor, services }, sessionId) => services.sessions.getVisible(actor, sessionId),
};
