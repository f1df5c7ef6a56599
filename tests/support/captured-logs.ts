/** Log lines written while a test runs, parsed (the logger writes one JSON object a line). */
export interface CapturedLogs {
  /** Every JSON line written to stdout or stderr since `captureLogs()`. */
  entries(): Record<string, unknown>[];
  /** Puts the streams back. */
  restore(): void;
}

/**
 * Records what the structured logger writes to stdout and stderr, for tests
 * that assert on log lines. Jest runs silent: build the loggers under test
 * inside {@link withLogLevelInfo} (a logger reads LOG_LEVEL when created).
 */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    lines.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(record);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(record);
  return {
    entries: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore() {
      out.mockRestore();
      err.mockRestore();
    },
  };
}

/** Runs `build` with LOG_LEVEL=info, so that the loggers it creates write lines. */
export async function withLogLevelInfo<T>(build: () => T | Promise<T>): Promise<T> {
  const original = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  try {
    return await build();
  } finally {
    if (original === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = original;
  }
}
