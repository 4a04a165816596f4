import { useState } from 'react';
import type { TrackSeries } from '../logic/tipChart';
import { chartPolylines } from '../logic/tipChart';
import { formatEtherWithUnit } from '../logic/etherAmount';

const box = { width: 560, height: 200, padding: 12 };
const colors = ['#f0a35e', '#8ab4ff', '#7fd1a8', '#d49cf0', '#f07a72', '#e6d36a'];

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Tips per track over time: step lines in inline SVG, then the same numbers as a table. */
export function TipChart({ series }: { series: readonly TrackSeries[] }) {
  // The time axis ends when the chart first showed (a render must not read the clock).
  const [shownAt] = useState(Date.now);
  const lines = chartPolylines(series, box, shownAt);
  return (
    <figure className="tip-chart">
      <svg
        className="tip-chart__svg"
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-label="Tips per track over time (the table below holds the same numbers)"
        preserveAspectRatio="none"
      >
        <rect
          x={box.padding}
          y={box.padding}
          width={box.width - 2 * box.padding}
          height={box.height - 2 * box.padding}
          className="tip-chart__frame"
        />
        {lines.map((points, index) => (
          <polyline
            key={series[index]?.chainTrackId ?? index}
            points={points}
            fill="none"
            stroke={colors[index % colors.length]}
            strokeWidth={2}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <figcaption>
        <ul className="tip-chart__legend" aria-hidden="true">
          {series.map((s, index) => (
            <li key={s.chainTrackId}>
              <span className="tip-chart__swatch" style={{ background: colors[index % colors.length] }} />
              {s.title}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className="data-table" aria-label="Tips per track">
        <thead>
          <tr>
            <th scope="col">Track</th>
            <th scope="col">Tips</th>
            <th scope="col">Total</th>
            <th scope="col">Last tip</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.chainTrackId}>
              <th scope="row">{s.title}</th>
              <td>{s.tipCount}</td>
              <td>{formatEtherWithUnit(s.totalWei)}</td>
              <td>{dateTime.format(s.points.at(-1)?.at ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
