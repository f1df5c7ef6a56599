/**
 * Entry of the webhook retry Lambda (infra/ bundles this file): consumes the
 * `webhook-retries` SQS queue and makes the attempts after the first.
 * Built once per container.
 */
import { loadWebhookConfig } from '../shared/config';
import { createLogger } from '../shared/logging/logger';
import { createRetryHandler, createWebhookDispatcher } from './create-handlers';

const config = loadWebhookConfig();
const logger = createLogger({ service: 'webhook-retries', stage: config.stage });

export const handler = createRetryHandler(createWebhookDispatcher(config, { logger }), logger);
