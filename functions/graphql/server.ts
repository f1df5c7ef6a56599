import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from '../shared/logging/logger';
import type { GraphqlContext } from './context';
import { createErrorFormatter } from './errors/format-error';
import { typeDefs } from './generated/type-defs';
import { QUERY_LIMITS, queryLimitRules } from './query-limits';
import { requestLoggingPlugin } from './request-logging';
import { servedOperationTypesRule } from './served-operations';
import { resolvers } from './resolvers';

export interface GraphqlServerOptions {
  introspection: boolean;
  logger: Logger;
}

/** The Apollo server: schema, limits, error mapping, logging. Created once per container. */
export function createGraphqlServer(options: GraphqlServerOptions): ApolloServer<GraphqlContext> {
  return new ApolloServer<GraphqlContext>({
    typeDefs,
    resolvers: resolvers as never,
    introspection: options.introspection,
    // CSRF prevention is on by default and stays on: browsers cannot send a
    // simple (non-preflighted) request that we would execute.
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: [servedOperationTypesRule, ...queryLimitRules],
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(options.logger),
    plugins: [ApolloServerPluginLandingPageDisabled(), requestLoggingPlugin(options.logger)],
  });
}
