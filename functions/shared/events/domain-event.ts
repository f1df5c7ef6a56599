import { randomUUID } from 'node:crypto';
import type { NodeType } from '../ids/global-id';

/**
 * Domain events: facts the API puts on the project's EventBridge bus
 * ("reconnect-events") for other parts of the system to react to (today:
 * webhook delivery). An event says *what* happened to *which* objects and
 * *when*, never anything a person wrote: an event may leave the system as a
 * webhook payload, and reflection or answer text must never do that.
 */

/** `source` of every event this project puts on its bus; the bus rules match on it. */
export const EVENT_SOURCE = 'reconnect.api';

/**
 * EventBridge `detail-type` of each domain event. These names are part of
 * the bus's interface (rules match on them), so they change only together
 * with functions/shared/events/rules.ts.
 */
export const DETAIL_TYPES = {
  /** A reconnect reminder was created by the sweep (README "When reminders fall due"). */
  reminderDue: 'Reconnect.ReminderDue',
  /** A reconnect session was completed. */
  sessionCompleted: 'Reconnect.SessionCompleted',
  /** A partner shared a reflection with the other partner. */
  reflectionShared: 'Reconnect.ReflectionShared',
  /** The couple's drift risk became HIGH: the care team is alerted. */
  careTeamAlert: 'Reconnect.CareTeamAlert',
  /**
   * A person asked for an attempt of one webhook's delivery now: a test event
   * (sendTestWebhookEvent) or a redelivery. The delivery already exists; the
   * event's id is its marker (functions/webhooks/delivery.repository.ts), so
   * the dispatcher finds it and attempts it like any other delivery.
   */
  webhookDeliveryRequested: 'Reconnect.WebhookDeliveryRequested',
} as const;

export type DetailType = (typeof DETAIL_TYPES)[keyof typeof DETAIL_TYPES];

const KNOWN_DETAIL_TYPES = new Set<string>(Object.values(DETAIL_TYPES));

/**
 * Which node type each id-valued `data` key holds. Ids travel as local ids
 * inside the system and become the API's global ids in webhook payloads.
 * A producer that needs another id key adds it here.
 */
export const EVENT_ID_KEYS: Readonly<Record<string, NodeType>> = {
  reminderId: 'Reminder',
  sessionId: 'ReconnectSession',
  reflectionId: 'Reflection',
  promptId: 'Prompt',
  personId: 'Person',
  practiceId: 'Practice',
  webhookId: 'Webhook',
};

/**
 * Ids (keys of EVENT_ID_KEYS) and instants (keys ending in `At`, RFC 3339
 * values) only. The restriction is structural on purpose: no free-text value
 * can get into an event, so none can reach a webhook subscriber.
 */
export type EventData = Readonly<Record<string, string>>;

export interface DomainEvent {
  /** Unique per event (UUID); consumers deduplicate on it, so a republished event has the same id. */
  id: string;
  type: DetailType;
  /** Every event of this project concerns one couple. */
  coupleId: string;
  /** RFC 3339 instant in UTC. */
  occurredAt: string;
  data: EventData;
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const LOCAL_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Why an event (new, or read back from the bus or the outbox) is not a valid domain event. */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/**
 * A new event with a fresh id. Throws InvalidEventError when `data` holds
 * anything but ids and instants, so a producer that tries to carry text fails
 * in its first test instead of leaking it to subscribers.
 */
export function newDomainEvent(input: { type: DetailType; coupleId: string; occurredAt: Date | string; data?: EventData }): DomainEvent {
  return parseDomainEvent({
    id: randomUUID(),
    type: input.type,
    coupleId: input.coupleId,
    occurredAt: new Date(input.occurredAt).toISOString(),
    data: { ...(input.data ?? {}) },
  });
}

/** Checks an untrusted value (an EventBridge `detail`, an outbox item) and returns it as a DomainEvent. */
export function parseDomainEvent(value: unknown): DomainEvent {
  if (typeof value !== 'object' || value === null) throw new InvalidEventError('event: must be an object');
  const { id, type, coupleId, occurredAt, data } = value as Record<string, unknown>;
  if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidEventError('event.id: must be a UUID');
  if (typeof type !== 'string' || !KNOWN_DETAIL_TYPES.has(type))
    throw new InvalidEventError(`event.type: unknown detail type ${String(type)}`);
  if (typeof coupleId !== 'string' || !LOCAL_ID.test(coupleId)) throw new InvalidEventError('event.coupleId: must be a local id');
  if (typeof occurredAt !== 'string' || !isInstant(occurredAt))
    throw new InvalidEventError('event.occurredAt: must be an RFC 3339 UTC instant');
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InvalidEventError('event.data: must be an object');
  const checked: Record<string, string> = {};
  for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
    if (typeof entry !== 'string') throw new InvalidEventError(`event.data.${key}: must be a string`);
    if (EVENT_ID_KEYS[key]) {
      if (!LOCAL_ID.test(entry)) throw new InvalidEventError(`event.data.${key}: must be a local id`);
    } else if (key.endsWith('At') && key.length > 2) {
      if (!isInstant(entry)) throw new InvalidEventError(`event.data.${key}: must be an RFC 3339 UTC instant`);
    } else {
      throw new InvalidEventError(`event.data.${key}: only ids (${Object.keys(EVENT_ID_KEYS).join(', ')}) and *At instants are allowed`);
    }
    checked[key] = entry;
  }
  return { id, type: type as DetailType, coupleId, occurredAt, data: checked };
}

function isInstant(value: string): boolean {
  return RFC3339_UTC.test(value) && !Number.isNaN(Date.parse(value));
}
