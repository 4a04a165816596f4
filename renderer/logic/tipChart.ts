import type { TipRecord } from '../../core/api/appApi';
import { parseWei } from './etherAmount';

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

export interface ChartBox {
  width: number;
  height: number;
  padding: number;
}

/**
 * An SVG polyline's `points` per series, as steps (a total holds until the next tip), in one
 * shared scale running from the first tip to `until` (now), so a single tip still draws a line.
 */
export function chartPolylines(series: readonly TrackSeries[], box: ChartBox, until = 0): string[] {
  const allPoints = series.flatMap((s) => s.points);
  if (allPoints.length === 0) return [];
  const firstAt = Math.min(...allPoints.map((p) => p.at));
  const lastAt = Math.max(until, ...allPoints.map((p) => p.at));
  const maxWei = series.reduce((max, s) => (s.totalWei > max ? s.totalWei : max), 0n);
  const span = Math.max(1, lastAt - firstAt);
  const innerWidth = box.width - 2 * box.padding;
  const innerHeight = box.height - 2 * box.padding;
  // Scaled in bigint first so large wei totals keep their ratio exactly enough for pixels.
  const y = (wei: bigint) =>
    box.padding + innerHeight - (maxWei > 0n ? Number((wei * 10_000n) / maxWei) / 10_000 : 0) * innerHeight;
  const x = (at: number) => box.padding + ((at - firstAt) / span) * innerWidth;
  const round = (value: number) => Math.round(value * 10) / 10;
  return series.map((s) => {
    const coordinates: string[] = [`${round(x(firstAt))},${round(y(0n))}`];
    let previous = 0n;
    for (const point of s.points) {
      coordinates.push(`${round(x(point.at))},${round(y(previous))}`);
      coordinates.push(`${round(x(point.at))},${round(y(point.cumulativeWei))}`);
      previous = point.cumulativeWei;
    }
    coordinates.push(`${round(x(lastAt))},${round(y(previous))}`);
    return coordinates.join(' ');
  });
}
