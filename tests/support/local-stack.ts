import type http from 'node:http';
import { createGraphqlHandler } from '../../functions/graphql/create-handler';
import { createSweepHandler } from '../../functions/reminders/create-sweep-handler';
import type { EventPublisher } from '../../functions/shared/events/publisher';
import { createClockRoute, createDemoClock, type DemoClock } from '../../local/dashboard/demo-clock';
import { createDashboardRoutes } from '../../local/dashboard/static-routes';
import { createSweepRoute } from '../../local/reminders/sweep-route';
import { createLocalServer, listen } from '../../local/server';
import { testAppConfig } from './app-config';
import { testSweepConfig } from './reminders';
import { createTestTable, type TestTable } from './test-table';
import { testIssuer } from './tokens';

/** The local run's HTTP server as `npm start` wires it, on a test table, listening on a free port. */
export interface LocalStack {
  baseUrl: string;
  table: TestTable;
  clock: DemoClock;
  close(): Promise<void>;
}

/** Events are not what these tests look at: accepted and dropped. */
const discardEvents: EventPublisher = { publish: async () => undefined };

/**
 * Builds the same routes as local/start.ts (GraphQL handler, /local/token,
 * /local/clock, /local/reminders/sweep, /dashboard/) over this test file's
 * own table and the test issuer, so a browser or an HTTP client can use it.
 */
export async function startLocalStack(
  prefix: string,
  options: { distDir?: string; rateLimitPerMinute?: number } = {},
): Promise<LocalStack> {
  const table = await createTestTable(prefix);
  const clock = createDemoClock();
  const handler = createGraphqlHandler(testAppConfig(table, { rateLimitPerMinute: options.rateLimitPerMinute ?? 0 }), {
    clock,
    events: discardEvents,
  });
  const sweep = createSweepHandler(testSweepConfig(table), { clock, events: discardEvents });
  const server: http.Server = createLocalServer({
    handler,
    issuer: await testIssuer(),
    routes: {
      'POST /local/clock': createClockRoute(clock),
      'POST /local/reminders/sweep': createSweepRoute(sweep),
      ...createDashboardRoutes(options.distDir),
    },
  });
  const baseUrl = await listen(server, 0);
  return {
    baseUrl,
    table,
    clock,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await table.drop();
    },
  };
}
