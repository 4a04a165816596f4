import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { ChartColumns, TrackSeries } from '../logic/tipChart';

/** Line colours per track, in turn (canvas needs real colours, not CSS variables). */
export const seriesColors = ['#f0a35e', '#8ab4ff', '#7fd1a8', '#d49cf0', '#f07a72', '#e6d36a'];

/** Past this many tips a track's line carries no dots: the steps alone stay readable. */
const maxMarkedTips = 60;
const chartHeight = 240;

const legendDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function etherLabel(value: number): string {
  return `${Number(value.toPrecision(6))} ETH`;
}

function plotOptions(series: readonly TrackSeries[], columns: ChartColumns, width: number): uPlot.Options {
  const axisColor = cssColor('--text-muted', '#9ba3b4');
  const gridColor = cssColor('--border', '#2a303c');
  const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } };
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  return {
    width,
    height: chartHeight,
    scales: {
      // A little room either side so the first and the latest tip are not cut by the frame.
      x: {
        time: true,
        range: (_u, min, max) => {
          const pad = Math.max(3600, (max - min) * 0.03);
          return [min - pad, max + pad];
        },
      },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] },
    },
    axes: [
      { ...axis, label: 'Date' },
      { ...axis, label: 'Total tips (ETH)', size: 70, values: (_u, splits) => splits.map((v) => String(v)) },
    ],
    cursor: { points: { size: 8 } },
    legend: { live: true },
    series: [
      { label: 'Date', value: (_u, v) => (v == null ? '—' : legendDate.format(v * 1000)) },
      ...series.map((s, index): uPlot.Series => {
        const color = seriesColors[index % seriesColors.length] ?? '#f0a35e';
        const marked = columns.tipIndices[index] ?? [];
        return {
          label: s.title,
          stroke: color,
          width: 2,
          ...(stepped ? { paths: stepped } : {}),
          points: {
            show: false,
            size: 7,
            fill: color,
            filter: () => (marked.length <= maxMarkedTips ? marked : null),
          },
          value: (_u, v) => (v == null ? '—' : etherLabel(v)),
        };
      }),
    ],
  };
}

/**
 * The running totals per track drawn by uPlot on a canvas, with its live legend as the tooltip.
 * A canvas says nothing to a screen reader: the caller names it and shows the same numbers as text.
 */
export function TipPlot({
  series,
  columns,
  label,
}: {
  series: readonly TrackSeries[];
  columns: ChartColumns;
  label: string;
}) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = target.current;
    if (!element) return undefined;
    const width = () => Math.max(280, element.clientWidth);
    const plot = new uPlot(
      plotOptions(series, columns, width()),
      [columns.x, ...columns.y] as uPlot.AlignedData,
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: chartHeight }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, columns]);
  return <div ref={target} className="tip-plot" role="img" aria-label={label} data-testid="tip-plot" />;
}
