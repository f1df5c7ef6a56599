import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../shared/logging/logger';
import type { GraphqlContext } from './context';

/**
 * One log line per operation: name, type, duration and the error codes the
 * client received, tagged with the request id (never variables: they may
 * carry reflection text). Codes are read from the formatted response, after
 * format-error.ts mapped them, so the log says what the client saw.
 */
export function requestLoggingPlugin(logger: Logger): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = Date.now();
      return {
        async willSendResponse({ operationName, operation, response }) {
          // A refused caller's answer is replaced by the refusal, which has its own log line (create-handler.ts).
          if (contextValue.admission && (await contextValue.admission.refusal()) !== null) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          (contextValue.logger ?? logger).info('graphql operation', {
            operationName: operationName ?? null,
            operationType: operation?.operation ?? null,
            durationMs: Date.now() - started,
            errorCodes: errors?.map((e) => e.extensions?.code ?? 'UNKNOWN') ?? [],
          });
        },
      };
    },
  };
}
