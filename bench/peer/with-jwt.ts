/**
 * The second peer: plain.ts plus what every real API must do first, verify
 * the bearer token with jose against an inline JWKS (signature, `iss`,
 * algorithm), and answer with the token's scopes.
 */
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { PEER_PERSON_KEY, PEER_TYPE_DEFS } from './peer-schema';

interface PeerContext {
  sub: string;
  scopes: string[];
}

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION, endpoint: process.env.DYNAMODB_ENDPOINT }));
const keys = createLocalJWKSet(JSON.parse(process.env.AUTH_JWKS_JSON as string));

const server = new ApolloServer<PeerContext>({
  typeDefs: PEER_TYPE_DEFS,
  resolvers: {
    Query: {
      me: async (_parent: unknown, _args: unknown, context: PeerContext) => {
        const { Item } = await client.send(
          new GetCommand({ TableName: process.env.TABLE_NAME, Key: { ...PEER_PERSON_KEY, pk: `PERSON#${context.sub}` } }),
        );
        return { person: Item ? { id: Item.personId, displayName: Item.displayName } : null, scopes: context.scopes };
      },
    },
  },
});

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: async ({ event }) => {
    const token = (event.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const { payload } = await jwtVerify(token, keys, { issuer: process.env.AUTH_ISSUER, algorithms: ['RS256', 'ES256'] });
    return {
      sub: String(payload.sub),
      scopes: String(payload.scope ?? '')
        .split(' ')
        .filter(Boolean),
    };
  },
});
