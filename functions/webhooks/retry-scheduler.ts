import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '../shared/logging/logger';
import type { DeliveryRef } from './delivery.repository';

/** "Attempt this delivery again at `attemptAt`": the body of a retry message. */
export interface RetryMessage extends DeliveryRef {
  attemptAt: string;
}

/**
 * Runs `dispatcher.retry(message)` after a delay, even if the process that
 * scheduled it is gone by then. The cloud uses SQS, the local run timers.
 */
export interface RetryScheduler {
  schedule(message: RetryMessage, delayMs: number): Promise<void>;
}

/** SQS's longest per-message delay (15 minutes). */
export const SQS_MAX_DELAY_SECONDS = 900;

/** The DelaySeconds for a wait: whole seconds, at most SQS's maximum. */
export function sqsDelaySeconds(delayMs: number): number {
  return Math.min(SQS_MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
}

/**
 * The cloud scheduler: a message on the `webhook-retries` queue, delayed.
 * Retries thereby survive the Lambda that scheduled them. SQS delays a
 * message by at most 15 minutes, so a longer wait (30 min to 10 h in the
 * contract's schedule) is several hops: the retry handler finds the delivery
 * not yet due and sends the message again with min(900 s, what remains).
 * A 10-hour wait costs 40 tiny messages, far simpler than creating and
 * cleaning up a one-off EventBridge Scheduler schedule per retry. The queue's
 * redrive policy moves a message that keeps failing to its DLQ (alarmed).
 */
export class SqsRetryScheduler implements RetryScheduler {
  constructor(
    private readonly client: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  async schedule(message: RetryMessage, delayMs: number): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: sqsDelaySeconds(delayMs),
      }),
    );
  }
}

/**
 * The local run's scheduler: real timers, unref'd so that they never keep
 * the process alive. Retries scheduled here die with the process, which is
 * fine for a developer's machine (and is exactly what SQS exists to avoid in
 * the cloud).
 */
export class TimerRetryScheduler implements RetryScheduler {
  private handler: ((message: RetryMessage) => Promise<void>) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger?: Logger) {}

  /** Sets what runs when a retry is due (the dispatcher's `retry`); separate because the dispatcher needs the scheduler first. */
  onDue(handler: (message: RetryMessage) => Promise<void>): void {
    this.handler = handler;
  }

  async schedule(message: RetryMessage, delayMs: number): Promise<void> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = (this.handler?.(message) ?? Promise.resolve())
        .catch((error: unknown) => {
          // Like a failed SQS receive: try again a little later.
          this.logger?.error('Webhook retry failed; rescheduling in 5 s', {
            error: error instanceof Error ? error.message : String(error),
          });
          return this.schedule(message, 5000);
        })
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Retries waiting or running. */
  get pending(): number {
    return this.timers.size + this.running.size;
  }

  /** Resolves once nothing is waiting or running (tests), polling every `intervalMs`. */
  async idle(intervalMs = 10): Promise<void> {
    while (this.pending > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }

  /** Drops every waiting retry (process shutdown, end of a test). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Parses a retry message body; throws on anything else. */
export function parseRetryMessage(body: string): RetryMessage {
  const value = JSON.parse(body) as Record<string, unknown>;
  for (const field of ['webhookId', 'deliveryId', 'createdAt', 'attemptAt'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') throw new Error(`Retry message: ${field} must be a string`);
  }
  return value as unknown as RetryMessage;
}
