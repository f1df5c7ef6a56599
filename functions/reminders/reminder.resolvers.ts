import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { requireLocalId, toGlobalId } from '../shared/ids/global-id';
import { toConnection } from '../shared/pagination/connection';

/** GraphQL resolvers for reminders: argument plumbing only; rules live in ReminderService. */
export const reminderResolvers: Resolvers = {
  Mutation: {
    acknowledgeReminder: (_parent, { input }, { actor, services }) =>
      services.reminders.acknowledge(actor, requireLocalId(input.reminderId, 'Reminder', 'input.reminderId')),
  },
  Couple: {
    reminders: async (couple, args, { actor, services }) => toConnection(await services.reminders.listForCouple(actor, couple, args)),
  },
  Reminder: {
    id: (reminder) => toGlobalId('Reminder', reminder.id),
    couple: (reminder, _args, { services }) => services.reminders.coupleOf(reminder),
    suggestedPrompt: (reminder, _args, { services }) => services.reminders.suggestedPromptOf(reminder),
    session: (reminder, _args, { actor, services }) =>
      reminder.sessionId ? services.sessions.getVisible(actor, reminder.sessionId) : null,
  },
};

/** `node(id:)` for reminders: visible to the partners of its couple. */
export const reminderNodes: NodeFetchers = {
  Reminder: ({ actor, services }, reminderId) => services.reminders.getVisible(actor, reminderId),
};
