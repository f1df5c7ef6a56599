import type { Resolvers } from '../graphql/generated/resolvers-types';
import type { NodeFetchers } from '../graphql/node-registry';
import { NotFoundError } from '../shared/errors';
import { localIdOf, toGlobalId } from '../shared/ids/global-id';
import { toConnection } from '../shared/pagination/connection';

/** GraphQL resolvers for webhooks: argument plumbing only; rules live in WebhookService. */
export const webhookResolvers: Resolvers = {
  Mutation: {
    createWebhook: (_parent, { input }, { actor, services }) => {
      // A wrong-type or foreign id is "not found", like an absent one.
      const coupleId =
        input.coupleId == null ? input.coupleId : (localIdOf(input.coupleId, 'Couple') ?? notFound('Couple', 'input.coupleId'));
      const practiceId =
        input.practiceId == null ? input.practiceId : (localIdOf(input.practiceId, 'Practice') ?? notFound('Practice', 'input.practiceId'));
      return services.webhooks.create(actor, { url: input.url, events: input.events, coupleId, practiceId });
    },
    deleteWebhook: async (_parent, { input }, { actor, services }) => {
      const webhookId = localIdOf(input.webhookId, 'Webhook') ?? notFound('Webhook', 'input.webhookId');
      return { deletedId: toGlobalId('Webhook', await services.webhooks.delete(actor, webhookId)) };
    },
    updateWebhook: async (_parent, { input }, { actor, services }) => ({
      webhook: await services.webhooks.update(actor, webhookIdOf(input.webhookId), {
        url: input.url,
        events: input.events,
        active: input.active,
      }),
    }),
    sendTestWebhookEvent: async (_parent, { input }, { actor, services }) => ({
      delivery: await services.webhooks.sendTest(actor, webhookIdOf(input.webhookId), input.event),
    }),
    redeliverWebhookDelivery: async (_parent, { input }, { actor, services }) => ({
      delivery: await services.webhooks.redeliver(actor, webhookIdOf(input.webhookId), input.deliveryId),
    }),
    rotateWebhookSigningSecret: (_parent, { input }, { actor, services }) =>
      services.webhooks.rotateSecret(actor, webhookIdOf(input.webhookId), input.gracePeriodHours),
  },
  Couple: {
    webhooks: async (couple, args, { actor, services }) => toConnection(await services.webhooks.listForCouple(actor, couple, args)),
  },
  Practice: {
    webhooks: (practice, _args, { actor, services }) => services.webhooks.listForPractice(actor, practice.id),
  },
  Webhook: {
    id: (webhook) => toGlobalId('Webhook', webhook.id),
    url: (webhook, _args, { actor, services }) => services.webhooks.urlFor(actor, webhook),
    couple: (webhook, _args, { actor, services }) => (webhook.coupleId ? services.couples.getVisible(actor, webhook.coupleId) : null),
    practice: (webhook, _args, { services }) => (webhook.practiceId ? services.practices.byId(webhook.practiceId) : null),
    deliveries: async (webhook, args, { actor, services }) => toConnection(await services.webhooks.listDeliveries(actor, webhook, args)),
    delivery: (webhook, { id }, { actor, services }) => services.webhooks.getDelivery(actor, webhook, id),
  },
};

/** The local id of an input webhook id; NOT_FOUND on input.webhookId for anything else. */
function webhookIdOf(globalId: string): string {
  return localIdOf(globalId, 'Webhook') ?? notFound('Webhook', 'input.webhookId');
}

function notFound(what: string, field: string): never {
  throw new NotFoundError(what, field);
}

/** `node(id:)` for webhooks: visible to the partners of its couple, or the ADMINs of its practice. */
export const webhookNodes: NodeFetchers = {
  Webhook: ({ actor, services }, webhookId) => services.webhooks.getVisible(actor, webhookId),
};
