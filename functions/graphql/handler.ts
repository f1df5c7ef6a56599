/**
 * Entry of the GraphQL Lambda (infra/ bundles this file). Configuration is read
 * once per container; the local run imports this same module.
 */
import { loadConfig } from '../shared/config';
import { createGraphqlHandler } from './create-handler';

export { createGraphqlHandler } from './create-handler';

export const handler = createGraphqlHandler(loadConfig(), { primeConnection: true });
