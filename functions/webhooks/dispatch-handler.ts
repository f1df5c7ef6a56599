/**
 * Entry of the webhook dispatch Lambda (infra/ bundles this file): the bus
 * rule invokes it with each event that webhooks can subscribe to, and it
 * makes each delivery's first attempt. Built once per container.
 */
import { loadWebhookConfig } from '../shared/config';
import { createDispatchHandler, createWebhookDispatcher } from './create-handlers';

export const handler = createDispatchHandler(createWebhookDispatcher(loadWebhookConfig()));
