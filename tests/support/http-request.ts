import http from 'node:http';

/** A response as read by {@link httpRequest}. */
export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** Options for {@link httpRequest}. */
export interface HttpRequestOptions {
  method?: string;
  /** Array values are sent as repeated header lines. */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /**
   * The request target sent as given, instead of the URL's: node normalizes a
   * URL string, so `/dashboard/../x` would go out as `/x`.
   */
  rawPath?: string;
}

/**
 * A plain node:http client for tests that need control fetch does not give
 * (repeated header lines, exact bytes) and that must not leave keep-alive
 * sockets behind for jest to wait on.
 */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const target = options.rawPath === undefined ? {} : { path: options.rawPath };
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false, ...target }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
