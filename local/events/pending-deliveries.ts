import type { TableContext } from '../../functions/shared/data/table';
import type { Clock } from '../../functions/shared/time/clock';
import { DeliveryRepository } from '../../functions/webhooks/delivery.repository';
import type { WebhookDispatcher } from '../../functions/webhooks/dispatcher';
import type { RetryMessage, RetryScheduler } from '../../functions/webhooks/retry-scheduler';
import type { WebhookDelivery } from '../../functions/webhooks/webhook.model';
import { jsonRoute } from '../http/json';
import type { LocalRoute } from '../http/route';

/**
 * The local run keeps webhook retries on timers, which die with the process.
 * In the cloud SQS holds them; here the table does: every PENDING delivery
 * has its `nextAttemptAt`, so on start-up each one is scheduled again, and a
 * developer can have them all attempted now instead of waiting out the
 * contract's schedule (5 s, 5 min, 30 min, 2 h...).
 */
export interface PendingDeliveries {
  /** Schedules every PENDING delivery at its nextAttemptAt (at once when past). */
  resume(): Promise<{ rescheduled: number }>;
  /** Attempts every PENDING delivery now, waits for the attempts, and counts how they ended. */
  retryNow(): Promise<RetryNowResult>;
}

export interface RetryNowResult {
  attempted: number;
  delivered: number;
  /** Failed again and waiting for their next attempt. */
  pending: number;
  /** Gave up (last attempt, 410 Gone, deactivated or deleted webhook). */
  failed: number;
}

function messageOf(delivery: WebhookDelivery): RetryMessage {
  return {
    webhookId: delivery.webhookId,
    deliveryId: delivery.id,
    createdAt: delivery.createdAt,
    attemptAt: delivery.nextAttemptAt ?? delivery.createdAt,
  };
}

/** Both operations on the given table, through the same dispatcher and scheduler as every other attempt. */
export function createPendingDeliveries(
  table: TableContext,
  dispatcher: WebhookDispatcher,
  scheduler: RetryScheduler,
  clock: Clock,
): PendingDeliveries {
  const deliveries = new DeliveryRepository(table);
  return {
    async resume() {
      const pending = await deliveries.scanPending();
      const now = clock.now().getTime();
      for (const delivery of pending) {
        const message = messageOf(delivery);
        await scheduler.schedule(message, Math.max(0, Date.parse(message.attemptAt) - now));
      }
      return { rescheduled: pending.length };
    },
    async retryNow() {
      const pending = await deliveries.scanPending();
      // One after another: a developer's handful, and a receiver on their machine is not flooded.
      for (const delivery of pending) await dispatcher.retry(messageOf(delivery), { now: true });
      const after = await Promise.all(pending.map((delivery) => deliveries.get(messageOf(delivery))));
      const count = (status: string) => after.filter((d) => (d?.status ?? 'FAILED') === status).length;
      return { attempted: pending.length, delivered: count('DELIVERED'), pending: count('PENDING'), failed: count('FAILED') };
    },
  };
}

/**
 * `POST /local/webhooks/retry` (no body needed) attempts every PENDING
 * delivery now and answers `{"attempted": n, "delivered": n, "pending": n, "failed": n}`.
 */
export function createWebhookRetryRoute(pending: PendingDeliveries): LocalRoute {
  return jsonRoute(() => pending.retryNow());
}
