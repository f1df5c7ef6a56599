import type { GraphQLError, ValidationContext } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';

/**
 * Limits checked before any resolver runs (README "Query limits" gives the
 * reasoning behind each number). They bound the work one request can cause:
 * every level of nesting and every alias can fan out into DynamoDB reads.
 */
export const QUERY_LIMITS = {
  /** The deepest legitimate operation (me → couple → sessions → edges → node → prompts → answers → author → displayName) is 9. */
  maxDepth: 12,
  /** Dashboards batch a few lookups with aliases; 15 covers that, far below abuse. */
  maxAliases: 15,
  /** Lexer tokens; a large dashboard query is ~600. Stops huge documents before validation work. */
  maxTokens: 2000,
  /**
   * Armor's cost (objects 2, scalars 1, growing 1.5x per level of depth). The
   * heaviest dashboard operation we support (tests/graphql/query-limits.test.ts:
   * couple, health, 20 sessions with prompts and answers, 20 reflections, 20
   * reminders) costs about 14,200; 20,000 leaves room for it and stops
   * fragment-spread amplification, which tokens alone do not.
   */
  maxCost: 20000,
} as const;

/**
 * Armor throws on rejection by default, which Apollo treats as a crash (500,
 * masked). Reporting through the validation context instead gives the client
 * a normal GRAPHQL_VALIDATION_FAILED error that says which limit it hit.
 */
const reportAsValidationError = {
  propagateOnRejection: false,
  exposeLimits: true,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** graphql-js validation rules enforcing the limits. */
export const queryLimitRules = [
  maxDepthRule({ n: QUERY_LIMITS.maxDepth, flattenFragments: true, ...reportAsValidationError }),
  maxAliasesRule({ n: QUERY_LIMITS.maxAliases, ...reportAsValidationError }),
  costLimitRule({ maxCost: QUERY_LIMITS.maxCost, ...reportAsValidationError }),
];
