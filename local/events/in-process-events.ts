import type { WebhookConfig } from '../../functions/shared/config';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { InProcessEventBus } from './in-process-bus';
import { systemClock } from '../../functions/shared/time/clock';
import { createLogger } from '../../functions/shared/logging/logger';
import { createDispatchHandler, createWebhookDispatcher, type WebhookOverrides } from '../../functions/webhooks/create-handlers';
import type { WebhookDispatcher } from '../../functions/webhooks/dispatcher';
import { TimerRetryScheduler } from '../../functions/webhooks/retry-scheduler';
import { createPendingDeliveries, type PendingDeliveries } from './pending-deliveries';

/** The local stand-ins for EventBridge, the dispatch Lambda, SQS and the retry Lambda. */
export interface InProcessEvents {
  /** Pass as `HandlerOverrides.events`: the GraphQL handler publishes here. */
  bus: InProcessEventBus;
  dispatcher: WebhookDispatcher;
  scheduler: TimerRetryScheduler;
  /** PENDING deliveries from the table: re-scheduled at start-up, or attempted now. */
  pending: PendingDeliveries;
  /** Resolves when no event is being dispatched and no retry is waiting or running. */
  idle(): Promise<void>;
  /** Drops waiting retries (shutdown). */
  close(): void;
}

/**
 * Wires the local event path exactly like the cloud one, in this process:
 * the bus applies the shared EVENT_RULES patterns and calls the same dispatch
 * handler the rule's Lambda runs; retries go through the same dispatcher on
 * real timers instead of SQS delays. Tests use it with a compressed schedule.
 */
export function createInProcessEvents(
  config: WebhookConfig,
  overrides: Omit<WebhookOverrides, 'scheduler'> & { busRetryDelaysMs?: readonly number[] } = {},
): InProcessEvents {
  const logger = overrides.logger ?? createLogger({ service: 'webhooks', stage: config.stage });
  const scheduler = new TimerRetryScheduler(logger);
  const dispatcher = createWebhookDispatcher(config, { ...overrides, logger, scheduler });
  scheduler.onDue((message) => dispatcher.retry(message));
  const table = {
    client: overrides.client ?? createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint }),
    tableName: config.tableName,
  };
  const pending = createPendingDeliveries(table, dispatcher, scheduler, overrides.clock ?? systemClock);
  const bus = new InProcessEventBus(
    { 'webhook-dispatcher': createDispatchHandler(dispatcher) },
    { logger, retryDelaysMs: overrides.busRetryDelaysMs },
  );
  return {
    bus,
    dispatcher,
    scheduler,
    pending,
    async idle() {
      do {
        await bus.idle();
        await scheduler.idle();
      } while (scheduler.pending > 0);
    },
    close: () => scheduler.close(),
  };
}
