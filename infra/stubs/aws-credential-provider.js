// Bundle-time replacement for @aws-sdk/credential-provider-node, the SDK's
// default credential chain. On Lambda the execution role's credentials are
// always in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN), and runtimes that serve them from a container endpoint
// instead set AWS_CONTAINER_CREDENTIALS_FULL_URI. The full chain also carries
// SSO, INI profiles, credential processes, web identity, login and instance
// metadata with their nested STS/SSO clients: ≈100 KB of every bundle that
// never run on Lambda. Same exports as the original.
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';

export const defaultProvider = (init = {}) => {
  const env = fromEnv(init);
  return async (properties) => {
    if (process.env.AWS_ACCESS_KEY_ID || !(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI || process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)) {
      return env(properties);
    }
    return fromHttp(init)(properties);
  };
};
export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300000;
