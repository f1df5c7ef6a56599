import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ClosenessPoint, Person } from '../api/types';
import { formatLocalDate } from '../lib/format';

const DAY_SECONDS = 86_400;
/** Distinct in hue and lightness, and the second partner's line is dashed: colour is never the only cue. */
const STYLES = [
  { stroke: '#1f5f8b', dash: undefined as number[] | undefined, fill: '#1f5f8b' },
  { stroke: '#b0473a', dash: [8, 5], fill: '#b0473a' },
];

interface Props {
  partners: Person[];
  points: ClosenessPoint[];
  /** The window the chart spans, in days ending today. */
  days: number;
  /** Today's date in the couple's zone (YYYY-MM-DD), the right edge of the chart. */
  today: string;
}

function dateSeconds(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

/** One x per date that has any rating; a partner without a rating that day is a gap. */
export function seriesData(partners: Person[], points: ClosenessPoint[]): uPlot.AlignedData {
  const dates = [...new Set(points.map((p) => p.date))].sort();
  const xs = dates.map(dateSeconds);
  const ys = partners.map((partner) => dates.map((date) => points.find((p) => p.date === date && p.partner.id === partner.id)?.closeness ?? null));
  return [xs, ...ys];
}

/** A one-sentence summary per partner: the chart's short text alternative. */
export function summarize(partners: Person[], points: ClosenessPoint[]): string {
  if (points.length === 0) return 'No closeness ratings in this period.';
  return partners
    .map((partner) => {
      const own = points.filter((p) => p.partner.id === partner.id);
      if (own.length === 0) return `${partner.displayName}: no ratings.`;
      const first = own[0]!;
      const last = own[own.length - 1]!;
      return `${partner.displayName}: ${own.length} day${own.length === 1 ? '' : 's'} with ratings, from ${first.closeness.toFixed(1)} on ${formatLocalDate(first.date)} to ${last.closeness.toFixed(1)} on ${formatLocalDate(last.date)}.`;
    })
    .join(' ');
}

/**
 * Daily mean closeness per partner over the last `days` days (uPlot on a
 * canvas), with a text summary and a data table as its text alternative.
 */
export function ClosenessChart({ partners, points, days, today }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const data = useMemo(() => seriesData(partners, points), [partners, points]);
  const summary = summarize(partners, points);

  useEffect(() => {
    const element = host.current;
    if (!element || points.length === 0) return;
    const end = dateSeconds(today) + DAY_SECONDS / 2;
    const start = dateSeconds(today) - (days - 1) * DAY_SECONDS - DAY_SECONDS / 2;
    const width = () => Math.max(320, element.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 260,
        scales: { x: { time: true, range: [start, end] }, y: { range: [0, 10] } },
        axes: [
          { stroke: '#444', grid: { stroke: '#e6e6e6' } },
          { stroke: '#444', grid: { stroke: '#e6e6e6' }, splits: () => [0, 2, 4, 6, 8, 10], label: 'Closeness (1–10)' },
        ],
        series: [
          { label: 'Date', value: (_u, v) => (v === null ? '—' : formatLocalDate(new Date(v * 1000).toISOString().slice(0, 10))) },
          ...partners.map((partner, i) => {
            const style = STYLES[i % STYLES.length]!;
            return {
              label: partner.displayName,
              stroke: style.stroke,
              width: 2,
              dash: style.dash,
              spanGaps: true,
              points: { show: true, size: 7, fill: style.fill },
              value: (_u: uPlot, v: number | null) => (v === null ? '—' : v.toFixed(1)),
            };
          }),
        ],
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      element,
    );
    // The canvas itself is hidden from assistive technology: the summary and the table say the same.
    element.querySelector('canvas')?.setAttribute('aria-hidden', 'true');
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: 260 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [data, days, today, partners, points.length]);

  return (
    <figure class="chart" aria-labelledby="closeness-caption" data-points={points.length}>
      <figcaption id="closeness-caption">
        Closeness over the last {days} days, daily mean per partner (1 = distant, 10 = very close)
      </figcaption>
      <p class="chart-summary" id="closeness-summary">
        {summary}
      </p>
      {points.length > 0 && <div ref={host} class="chart-canvas" data-testid="closeness-chart" aria-describedby="closeness-summary" />}
      {points.length > 0 && (
        <details class="chart-table">
          <summary>Closeness ratings as a table</summary>
          <table>
            <caption class="visually-hidden">Daily mean closeness per partner</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                {partners.map((p) => (
                  <th scope="col" key={p.id}>
                    {p.displayName}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(data[0] as number[]).map((x, row) => (
                <tr key={x}>
                  <th scope="row">{formatLocalDate(new Date(x * 1000).toISOString().slice(0, 10))}</th>
                  {partners.map((p, i) => {
                    const value = (data[i + 1] as (number | null)[])[row];
                    return <td key={p.id}>{value === null || value === undefined ? '—' : value.toFixed(1)}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
