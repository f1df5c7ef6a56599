import type { DriftRisk, DriftSignal } from '../api/types';

/** Plain words for each drift signal, as the contract defines them. */
export const SIGNAL_LABELS: Record<DriftSignal, { label: string; explanation: string }> = {
  OVERDUE_RECONNECT: { label: 'Overdue reconnect', explanation: 'No reconnect within the plan interval plus half of it.' },
  CLOSENESS_DECLINING: { label: 'Closeness declining', explanation: 'Closeness trend below −0.5 points a week over 90 days.' },
  LOW_CLOSENESS: { label: 'Low closeness', explanation: 'Mean closeness over 30 days below 5.' },
  ONE_SIDED_PARTICIPATION: { label: 'One-sided participation', explanation: 'One partner did under a quarter of the answers and reflections in 30 days.' },
  IGNORED_REMINDERS: { label: 'Ignored reminders', explanation: 'Two or more reminders in a row passed without a reconnect.' },
};

export const RISK_LABELS: Record<DriftRisk, string> = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' };

const dateFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "Dec 2, 2026" in the reader's zone; "—" for null. */
export function formatDate(instant: string | null | undefined): string {
  return instant ? dateFormat.format(new Date(instant)) : '—';
}

export function formatDateTime(instant: string | null | undefined): string {
  return instant ? dateTimeFormat.format(new Date(instant)) : '—';
}

/** A YYYY-MM-DD local date of the couple's zone, shown as written (no zone shift). */
export function formatLocalDate(date: string): string {
  return dateFormat.format(new Date(`${date}T12:00:00Z`));
}

export function formatDays(days: number | null): string {
  if (days === null) return 'Never reconnected';
  if (days === 0) return 'Today';
  return days === 1 ? '1 day' : `${days} days`;
}

export function formatNumber(value: number | null, digits = 1): string {
  return value === null ? '—' : value.toFixed(digits);
}

export function partnerNames(partners: { displayName: string }[]): string {
  return partners.map((p) => p.displayName).join(' & ') || 'Awaiting partner';
}

/** Today's date (YYYY-MM-DD) in an IANA zone: the couple's "today", as the API counts days. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
