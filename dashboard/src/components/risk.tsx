import type { DriftRisk, DriftSignal } from '../api/types';
import { RISK_LABELS, SIGNAL_LABELS } from '../lib/format';

/** The level as a word as well as a colour, so colour is never the only cue. */
export function RiskBadge({ risk }: { risk: DriftRisk }) {
  return (
    <span class={`risk risk-${risk.toLowerCase()}`} data-risk={risk}>
      <span aria-hidden="true" class="risk-dot" />
      {RISK_LABELS[risk]}
    </span>
  );
}

export function SignalList({ signals, explain = false }: { signals: DriftSignal[]; explain?: boolean }) {
  if (signals.length === 0) return <span class="muted">None</span>;
  return (
    <ul class="signals">
      {signals.map((signal) => (
        <li key={signal} data-signal={signal} title={SIGNAL_LABELS[signal].explanation}>
          {SIGNAL_LABELS[signal].label}
          {explain && <span class="signal-explanation"> — {SIGNAL_LABELS[signal].explanation}</span>}
        </li>
      ))}
    </ul>
  );
}
