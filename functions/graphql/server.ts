import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from '../shared/logging/logger';
import { admissionPlugin } from './admission';
import type { GraphqlContext } from './context';
import { createErrorFormatter } from './errors/format-error';
import { idempotencyPlugin } from './idempotency-step';
import { buildExecutableSchema, type ResolverMap } from './executable-schema';
import { schemaDocument } from './generated/schema-document';
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
    // Built from the prebuilt document in one pass (executable-schema.ts), not from SDL by graphql-tools.
    schema: buildExecutableSchema(schemaDocument, resolvers as ResolverMap),
    introspection: options.introspection,
    // CSRF prevention is on by default and stays on: browsers cannot send a
    // simple (non-preflighted) request that we would execute.
    csrfPrevention: true,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: [servedOperationTypesRule, ...queryLimitRules],
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(options.logger),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // No CDN or HTTP cache sits in front of POST /graphql, so cache hints would
      // never be used; Apollo's default cache-control plugin walks the whole
      // schema at start and hooks every field resolution of every request.
      ApolloServerPluginCacheControlDisabled(),
      // Not a federated subgraph: no gateway asks for inline traces (saves the schema check at start).
      ApolloServerPluginInlineTraceDisabled(),
      // No Apollo Studio: nothing of a request leaves for a third party, even if an APOLLO_KEY
      // were set. With the three above, the bundle leaves these plugins out (infra/bundling.ts).
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Holds every outcome until the caller is admitted (rate limit, erasure): see admission.ts.
      admissionPlugin(),
      // Claims a mutation's Idempotency-Key once its caller is admitted, or refuses a retry of an applied one.
      idempotencyPlugin(),
      requestLoggingPlugin(options.logger),
    ],
  });
}
