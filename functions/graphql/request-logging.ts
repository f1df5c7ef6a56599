import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../shared/logging/logger';
import type { GraphqlContext } from './context';

/**
 * One log line per operation: name, type, duration and error codes, tagged
 * with the request id (never variables: they may carry reflection text).
 */
export function requestLoggingPlugin(logger: Logger): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = Date.now();
      return {
        async willSendResponse({ operationName, operation, errors }) {
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
