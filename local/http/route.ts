import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One endpoint of the local server. Routes are looked up by
 * `"<METHOD> <path>"` (e.g. `"POST /local/token"`), so adding one is a
 * single entry in the route table given to `createLocalServer`.
 */
export type LocalRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** An error a route turns into an HTTP status with a JSON `{ "error": message }` body. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
