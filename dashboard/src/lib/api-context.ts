import { createContext } from 'preact';
import type { GraphqlClient } from '../api/client';

export interface ApiContextValue {
  client: GraphqlClient;
  /** The token expired or was refused: forget it and show sign-in. */
  onUnauthenticated: () => void;
}

export const ApiContext = createContext<ApiContextValue>({
  client: () => Promise.reject(new Error('No API client')),
  onUnauthenticated: () => undefined,
});
