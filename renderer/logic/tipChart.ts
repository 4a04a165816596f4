import type { TipRecord } from '../../core/api/appApi';
import { parseWei } from '../../base/etherAmount';

export interface ChartPoint {
  at: number;
  /** Wei tipped to this track so far, at `at`. */
  cumulativeWei: bigint;
}

export interface TrackSeries {
  chainTrackId: number;
  title: string;
  tipCount: number;
  totalWei: bigint;
  points: ChartPoint[];
}

/** Tips grouped per track as running totals over time, biggest earner first. */
export function tipSeries(tips: readonly TipRecord[]): TrackSeries[] {
  const byTrack = new Map<number, TrackSeries>();
  const ordered = [...tips].sort((a, b) => a.at - b.at);
  for (const tip of ordered) {
    const amount = parseWei(tip.amountWei) ?? 0n;
    const series = byTrack.get(tip.chainTrackId) ?? {
      chainTrackId: tip.chainTrackId,
      title: tip.title,
      tipCount: 0,
      totalWei: 0n,
      points: [],
    };
    series.tipCount += 1;
    series.totalWei += amount;
    series.points.push({ at: tip.at, cumulativeWei: series.totalWei });
    byTrack.set(tip.chainTrackId, series);
  }
  return [...byTrack.values()].sort((a, b) =>
    a.totalWei === b.totalWei ? a.chainTrackId - b.chainTrackId : a.totalWei > b.totalWei ? -1 : 1,
  );
}

/** Columns in uPlot's aligned layout: shared x (seconds), then one y column per series. */
export interface ChartColumns {
  /** Every tip's time, then the chart's end, in seconds since the epoch, ascending, unique. */
  x: number[];
  /** Per series, its running total in ether at each x; null before its first tip. */
  y: (number | null)[][];
  /** Per series, the indices into x where it was tipped (where the chart marks a point). */
  tipIndices: number[][];
}

const weiPerEther = 10n ** 18n;

/** Wei as a plotting number of ether (exact to well under a pixel). */
export function weiToEtherNumber(wei: bigint): number {
  return Number(wei / weiPerEther) + Number(wei % weiPerEther) / 1e18;
}

/**
 * Running totals per track on one time axis that ends at `until` (now, in ms) or an hour after
 * the last tip, so a single tip still draws a step from its moment on and a thousand tips stay
 * one line per track.
 */
export function chartColumns(series: readonly TrackSeries[], until = 0): ChartColumns {
  const times = new Set<number>();
  for (const s of series) for (const point of s.points) times.add(Math.floor(point.at / 1000));
  if (times.size === 0) return { x: [], y: [], tipIndices: [] };
  const tipTimes = [...times].sort((a, b) => a - b);
  const lastTip = tipTimes.at(-1) ?? 0;
  // A block clock ahead of this one still gets an hour's step after its last tip.
  const end = Math.max(Math.floor(until / 1000), lastTip + 3600);
  const x = [...tipTimes, end];
  const indexOf = new Map(x.map((time, index) => [time, index]));
  const y: (number | null)[][] = [];
  const tipIndices: number[][] = [];
  for (const s of series) {
    const column: (number | null)[] = new Array<number | null>(x.length).fill(null);
    const marked: number[] = [];
    for (const point of s.points) {
      const index = indexOf.get(Math.floor(point.at / 1000)) ?? 0;
      column[index] = weiToEtherNumber(point.cumulativeWei);
      if (marked.at(-1) !== index) marked.push(index);
    }
    // A total holds until the next tip: carry it forward over the other tracks' moments.
    let last: number | null = null;
    for (let index = 0; index < column.length; index += 1) {
      last = column[index] ?? last;
      column[index] = last;
    }
    y.push(column);
    tipIndices.push(marked);
  }
  return { x, y, tipIndices };
}
