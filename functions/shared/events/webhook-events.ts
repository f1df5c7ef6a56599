import { DETAIL_TYPES, type DetailType } from './domain-event';

/** The contract's `WebhookEvent` enum: what a subscriber can ask to receive. */
export const WEBHOOK_EVENTS = ['RECONNECT_REMINDER_DUE', 'SESSION_COMPLETED', 'REFLECTION_SHARED', 'CARE_TEAM_ALERT'] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Bus detail-type ↔ contract WebhookEvent. One to one: each webhook event is
 * exactly one kind of fact on the bus, so subscribing to an event means
 * receiving every bus event of that detail type for the couple.
 */
const WEBHOOK_EVENT_BY_DETAIL_TYPE: Readonly<Record<SubscribableDetailType, WebhookEvent>> = {
  [DETAIL_TYPES.reminderDue]: 'RECONNECT_REMINDER_DUE',
  [DETAIL_TYPES.sessionCompleted]: 'SESSION_COMPLETED',
  [DETAIL_TYPES.reflectionShared]: 'REFLECTION_SHARED',
  [DETAIL_TYPES.careTeamAlert]: 'CARE_TEAM_ALERT',
};

/** Detail types that are facts a subscriber can receive (not the internal "attempt this delivery now"). */
export type SubscribableDetailType = Exclude<DetailType, typeof DETAIL_TYPES.webhookDeliveryRequested>;

/** The webhook event a bus event is delivered as. Throws for a detail type no one subscribes to. */
export function webhookEventOf(detailType: DetailType): WebhookEvent {
  const event = WEBHOOK_EVENT_BY_DETAIL_TYPE[detailType as SubscribableDetailType];
  if (!event) throw new Error(`${detailType} is not a webhook event`);
  return event;
}

/** The bus detail type behind a webhook event. */
export function detailTypeOf(event: WebhookEvent): DetailType {
  const entry = Object.entries(WEBHOOK_EVENT_BY_DETAIL_TYPE).find(([, webhookEvent]) => webhookEvent === event);
  if (!entry) throw new Error(`No detail type for webhook event ${event}`);
  return entry[0] as DetailType;
}

/** Every detail type that some webhook can subscribe to: what the webhook rule on the bus matches. */
export const WEBHOOK_DETAIL_TYPES: readonly DetailType[] = WEBHOOK_EVENTS.map(detailTypeOf);
