/**
 * The peer of the cold-start benchmark: the plainest app on the project's own
 * packages (Apollo Server, the Lambda integration, one DynamoDB GetItem), as
 * a tutorial would write it. bench/cold-start.ts bundles it with the
 * project's esbuild options (infra/bundling.ts) and times it beside the
 * project. No token check: see with-jwt.ts for the peer that verifies one.
 */
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { PEER_PERSON_KEY, PEER_TYPE_DEFS } from './peer-schema';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT }));

const server = new ApolloServer({
  typeDefs: PEER_TYPE_DEFS,
  resolvers: {
    Query: {
      me: async () => {
        const { Item } = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: PEER_PERSON_KEY }));
        return { person: Item ? { id: Item.personId, displayName: Item.displayName } : null, scopes: [] };
      },
    },
  },
});

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());
