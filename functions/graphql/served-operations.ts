import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Refuses, at validation, an operation whose root type the schema does not
 * have (a `subscription`: this API serves none). graphql-js 16 only notices
 * this at execution and throws an error without a code, which would reach
 * the client as INTERNAL_SERVER_ERROR; the contract ("Text input") wants a
 * client error, so it becomes GRAPHQL_VALIDATION_FAILED like any invalid
 * operation.
 */
export function servedOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      const root =
        node.operation === 'query'
          ? schema.getQueryType()
          : node.operation === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      if (!root) {
        context.reportError(new GraphQLError(`This API does not serve ${node.operation} operations`, { nodes: [node] }));
      }
    },
  };
}
