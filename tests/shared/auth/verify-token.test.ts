import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier } from '../../../functions/shared/auth/verify-token';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../../../local/auth/local-issuer';
import { testIssuer, tokenFor } from '../../support/tokens';

/** A JWKS endpoint like Cognito's, counting its downloads; `gate` holds answers back until released. */
async function jwksServer() {
  const issuer = await testIssuer();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const served = { requests: 0 };
  const server: Server = createServer((_request, response) => {
    served.requests += 1;
    void gate.then(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(issuer.publicJwks()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return { url, served, release, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('createTokenVerifier with a remote JWKS', () => {
  it('starts downloading the keys when it is built, and the first token waits for that same download', async () => {
    // prepare
    const jwks = await jwksServer();
    try {
      // act: build (as the Lambda does at init), then verify while the download is still held back
      const verify = createTokenVerifier({ issuer: LOCAL_ISSUER, audiences: [LOCAL_CLIENT_ID], jwksUrl: jwks.url });
      const token = await tokenFor('remote-person', { name: 'Remote' });
      // Without a prefetch nothing would come: give up waiting after a while (generous: a busy machine).
      for (let waited = 0; jwks.served.requests === 0 && waited < 10_000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const requestsBeforeFirstToken = jwks.served.requests;
      const verifying = verify(`Bearer ${token}`);
      jwks.release();
      const caller = await verifying;

      // assert: one download in all, begun before any token arrived
      expect(requestsBeforeFirstToken).toBe(1);
      expect(caller.sub).toBe('remote-person');
      expect(jwks.served.requests).toBe(1);
    } finally {
      jwks.release();
      await jwks.close();
    }
  });
});
