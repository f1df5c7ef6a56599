import type { WebhookConfig } from '../../functions/shared/config';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { relayOutbox, type RelayResult } from '../../functions/shared/events/outbox';
import type { EventPublisher } from '../../functions/shared/events/publisher';
import { createLogger } from '../../functions/shared/logging/logger';
import { jsonRoute } from '../http/json';
import { HttpError, type LocalRoute } from '../http/route';

/**
 * `POST /local/events/relay` with JSON `{"now": "2026-12-10T19:00:00Z"}`
 * (`now` optional) republishes outbox events older than a minute at that
 * instant, as the scheduled reminder Lambda does in the cloud, and returns
 * `{"found": n, "republished": n, "failed": n}`.
 */
export function createRelayRoute(config: WebhookConfig, publisher: EventPublisher): LocalRoute {
  const table = { client: createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint }), tableName: config.tableName };
  const logger = createLogger({ service: 'outbox-relay', stage: config.stage });
  return jsonRoute(async (body): Promise<RelayResult> => {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const now = input.now === undefined ? new Date() : new Date(String(input.now));
    if (Number.isNaN(now.getTime())) throw new HttpError(400, '"now" must be an RFC 3339 instant when given');
    return relayOutbox({ table, publisher, logger }, now);
  });
}
