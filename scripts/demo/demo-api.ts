/**
 * The seed's only way in: the public GraphQL API over HTTP, plus the local
 * run's helper routes (/local/token, /local/clock, /local/reminders/sweep).
 */
export interface DemoApi {
  readonly baseUrl: string;
  /** Sends an operation as `sub`; throws with the errors' codes and messages when any error comes back. */
  gql<T = any>(sub: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Moves the local run's clock (null: back to the system time). */
  setClock(instant: Date | null): Promise<void>;
  /** Runs the reminder sweep at the local run's current instant. */
  sweep(now?: Date): Promise<{ dueCouples: number; remindersCreated: number }>;
  /** The display name a person's token carries (the API creates the person record from it). */
  nameOf(sub: string): string;
}

export class DemoApiError extends Error {
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
    this.name = 'DemoApiError';
  }
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { error: text.slice(0, 200) };
  }
  return { status: response.status, json };
}

/**
 * @param names display name per sub, used when a token is first requested
 */
export function createDemoApi(baseUrl: string, names: Record<string, string>): DemoApi {
  const tokens = new Map<string, { token: string; expiresAt: number }>();

  const tokenFor = async (sub: string): Promise<string> => {
    const cached = tokens.get(sub);
    if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    const { status, json } = await postJson(`${baseUrl}/local/token`, { sub, name: names[sub] ?? sub });
    if (status !== 200 || typeof json?.access_token !== 'string')
      throw new Error(`POST /local/token for ${sub} answered ${status}: ${JSON.stringify(json)}`);
    tokens.set(sub, { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3600) * 1000 });
    return json.access_token;
  };

  return {
    baseUrl,
    nameOf: (sub) => names[sub] ?? sub,
    async gql(sub, query, variables = {}) {
      const token = await tokenFor(sub);
      const { status, json } = await postJson(`${baseUrl}/graphql`, { query, variables }, { authorization: `Bearer ${token}` });
      const errors: { message: string; extensions?: { code?: string } }[] = json?.errors ?? [];
      if (errors.length > 0 || !json?.data) {
        const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'operation';
        throw new DemoApiError(
          `${operation} as ${sub} failed (HTTP ${status}): ${errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ') || JSON.stringify(json)}`,
          errors.map((e) => String(e.extensions?.code)),
        );
      }
      return json.data;
    },
    async setClock(instant) {
      const { status, json } = await postJson(`${baseUrl}/local/clock`, { now: instant ? instant.toISOString() : null });
      if (status !== 200) throw new Error(`POST /local/clock answered ${status}: ${JSON.stringify(json)}`);
    },
    async sweep(now) {
      const { status, json } = await postJson(`${baseUrl}/local/reminders/sweep`, now ? { now: now.toISOString() } : {});
      if (status !== 200) throw new Error(`POST /local/reminders/sweep answered ${status}: ${JSON.stringify(json)}`);
      return json;
    },
  };
}
