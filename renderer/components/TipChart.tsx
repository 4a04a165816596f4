import { useMemo, useState } from 'react';
import type { TipRecord } from '../../core/api/appApi';
import { formatEtherWithUnit } from '../../base/etherAmount';
import { chartColumns, tipSeries } from '../logic/tipChart';
import { tipsCsv } from '../logic/tipsCsv';
import { TipPlot } from './TipPlot';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Points the link at a fresh `blob:` CSV of the tips as it is followed (the browser reads `href`
 * after the click handler), and lets the blob go a minute later, once the download has it.
 */
function pointAtCsv(link: HTMLAnchorElement, tips: readonly TipRecord[]): void {
  const url = URL.createObjectURL(new Blob([tipsCsv(tips)], { type: 'text/csv;charset=utf-8' }));
  link.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Tips per track over time: a uPlot chart, a table per track, every tip on demand, and CSV. */
export function TipChart({ tips }: { tips: readonly TipRecord[] }) {
  // The time axis ends when the chart first showed (a render must not read the clock).
  const [shownAt] = useState(Date.now);
  const [showEveryTip, setShowEveryTip] = useState(false);
  const series = useMemo(() => tipSeries(tips), [tips]);
  const columns = useMemo(() => chartColumns(series, shownAt), [series, shownAt]);
  const ordered = useMemo(() => [...tips].sort((a, b) => b.at - a.at), [tips]);
  const first = ordered.at(-1)?.at ?? 0;
  const last = ordered[0]?.at ?? 0;
  const label =
    `Chart of total tips per track over time: ${series.length} ${series.length === 1 ? 'track' : 'tracks'}, ` +
    `${tips.length} ${tips.length === 1 ? 'tip' : 'tips'} from ${dateTime.format(first)} to ` +
    `${dateTime.format(last)}. The tables below hold the same numbers.`;
  return (
    <figure className="tip-chart" aria-labelledby="tip-chart-title">
      <figcaption id="tip-chart-title" className="tip-chart__title">
        Total tips per track over time
      </figcaption>
      <TipPlot series={series} columns={columns} label={label} />
      <div className="tip-chart__actions">
        <a
          className="secondary-button"
          href="#tips.csv"
          download="busker-tips.csv"
          onClick={(event) => pointAtCsv(event.currentTarget, tips)}
        >
          Download CSV
        </a>
        <button
          type="button"
          className="secondary-button"
          aria-expanded={showEveryTip}
          aria-controls={showEveryTip ? 'tip-chart-every-tip' : undefined}
          onClick={() => setShowEveryTip((shown) => !shown)}
        >
          {showEveryTip ? 'Hide every tip' : 'Show every tip'}
        </button>
      </div>
      <table className="data-table" aria-label="Tips per track">
        <thead>
          <tr>
            <th scope="col">Track</th>
            <th scope="col">Tips</th>
            <th scope="col">Total</th>
            <th scope="col">First tip</th>
            <th scope="col">Last tip</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.chainTrackId}>
              <th scope="row">{s.title}</th>
              <td>{s.tipCount}</td>
              <td>{formatEtherWithUnit(s.totalWei)}</td>
              <td>{dateTime.format(s.points[0]?.at ?? 0)}</td>
              <td>{dateTime.format(s.points.at(-1)?.at ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {showEveryTip ? (
        <table id="tip-chart-every-tip" className="data-table" aria-label="Every tip, newest first">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Track</th>
              <th scope="col">Amount</th>
              <th scope="col">Tipper</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((tip, index) => (
              <tr key={`${tip.txHash}:${index}`}>
                <td>{dateTime.format(tip.at)}</td>
                <td>{tip.title}</td>
                <td>{formatEtherWithUnit(tip.amountWei)}</td>
                <td className="tip-chart__address">{tip.listener}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </figure>
  );
}
