import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';

/** Announced politely to screen readers; the page keeps its layout while loading. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty" data-state="empty">
      <p class="state-title">{title}</p>
      {children && <p>{children}</p>}
    </div>
  );
}

/** What the counselor can do about each kind of failure. */
function advice(error: ApiError): string {
  switch (error.failure) {
    case 'FORBIDDEN':
      return 'Your account or this couple’s grant does not allow this. If you think it should, ask your practice’s admin.';
    case 'NOT_FOUND':
      return 'It no longer exists or is no longer shared with your practice.';
    case 'RATE_LIMITED':
      return 'Too many requests in a short time. Wait a minute and try again.';
    case 'NETWORK':
      return 'Check the connection and try again.';
    default:
      return 'Try again; if it keeps failing, tell your practice’s admin what you see here.';
  }
}

export function ErrorView({ title, error, onRetry }: { title: string; error: ApiError; onRetry?: () => void }) {
  return (
    <div class="state state-error" role="alert" data-state="error" data-failure={error.failure}>
      <p class="state-title">{title}</p>
      <p>{advice(error)}</p>
      <p class="state-detail">
        <span class="visually-hidden">Details: </span>
        {error.message}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
