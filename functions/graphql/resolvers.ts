import { GraphQLScalarType } from 'graphql';
import type { Resolvers } from './generated/resolvers-types';
import { fetchNode, nodeTypeOf, type NodeFetchers } from './node-registry';
import { DateTimeScalar, LocalTimeScalar, TimeZoneScalar } from './scalars';
import { coupleNodes, coupleResolvers } from '../couples/couple.resolvers';
import { personNodes, personResolvers } from '../people/person.resolvers';
import { promptNodes, promptResolvers } from '../prompts/prompt.resolvers';
import { reminderNodes, reminderResolvers } from '../reminders/reminder.resolvers';
import { sessionNodes, sessionResolvers } from '../sessions/session.resolvers';
import { webhookNodes, webhookResolvers } from '../webhooks/webhook.resolvers';
import { reflectionNodes, reflectionResolvers } from '../reflections/reflection.resolvers';
import { healthResolvers } from '../health/health.resolvers';
import { practiceNodes, practiceResolvers } from '../practices/practice.resolvers';
import { assignmentNodes, assignmentResolvers } from '../assignments/assignment.resolvers';
import { privacyResolvers } from '../privacy/privacy.resolvers';

/** Every domain's resolvers; add a domain by adding its module here. */
const domainResolvers: Resolvers[] = [
  personResolvers,
  coupleResolvers,
  promptResolvers,
  sessionResolvers,
  reflectionResolvers,
  healthResolvers,
  webhookResolvers,
  reminderResolvers,
  practiceResolvers,
  assignmentResolvers,
  privacyResolvers,
];

/** Every domain's `node(id:)` fetchers. */
const nodeFetchers: NodeFetchers = {
  ...personNodes,
  ...coupleNodes,
  ...promptNodes,
  ...sessionNodes,
  ...reflectionNodes,
  ...webhookNodes,
  ...reminderNodes,
  ...practiceNodes,
  ...assignmentNodes,
};

/** Merges per-domain resolver maps type by type (each domain owns distinct fields). */
function mergeResolvers(maps: Resolvers[]): Resolvers {
  const merged: Record<string, GraphQLScalarType | Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) {
      // A scalar is an implementation, not a field map: kept as the instance it is.
      merged[typeName] =
        fields instanceof GraphQLScalarType
          ? fields
          : { ...(merged[typeName] as Record<string, unknown> | undefined), ...(fields as Record<string, unknown>) };
    }
  }
  return merged as unknown as Resolvers;
}

export const resolvers: Resolvers = mergeResolvers([
  ...domainResolvers,
  {
    DateTime: DateTimeScalar,
    TimeZone: TimeZoneScalar,
    LocalTime: LocalTimeScalar,
    // The node registry is untyped across domains; asNode tags every model it returns.
    Query: { node: (_parent, { id }, context) => fetchNode(nodeFetchers, context, id) as never },
    Node: { __resolveType: (model) => (nodeTypeOf(model) ?? null) as never },
  },
]);
