/**
 * The signed-in counselor's access token, kept in sessionStorage: it lives as
 * long as the tab, is not shared with other tabs, and is gone when the tab
 * closes (a shared office computer keeps nothing).
 */
const KEY = 'reconnect.dashboard.session';

export interface StoredSession {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export function readSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredSession;
    return typeof parsed.accessToken === 'string' && typeof parsed.expiresAt === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

export function writeSession(session: StoredSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
