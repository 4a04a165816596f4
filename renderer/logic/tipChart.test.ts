import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TipRecord } from '../../core/api/appApi';
import { chartPolylines, tipSeries } from './tipChart';

const tip = (chainTrackId: number, amountWei: string, at: number): TipRecord => ({
  chainTrackId,
  title: `Track ${chainTrackId}`,
  listener: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  amountWei,
  at,
});

describe('tip series', () => {
  it('groups tips per track as running totals, biggest earner first', () => {
    const series = tipSeries([tip(1, '100', 30), tip(2, '500', 10), tip(1, '50', 20)]);
    assert.deepEqual(
      series.map((s) => [s.chainTrackId, s.tipCount, s.totalWei]),
      [
        [2, 1, 500n],
        [1, 2, 150n],
      ],
    );
    assert.deepEqual(
      series[1]?.points.map((p) => [p.at, p.cumulativeWei]),
      [
        [20, 50n],
        [30, 150n],
      ],
    );
  });

  it('draws step lines inside the box, highest total at the top', () => {
    const series = tipSeries([tip(1, '100', 0), tip(2, '50', 100)]);
    const lines = chartPolylines(series, { width: 200, height: 100, padding: 10 });
    assert.equal(lines.length, 2);
    for (const line of lines) {
      for (const pair of line.split(' ')) {
        const [x, y] = pair.split(',').map(Number);
        assert.ok(x !== undefined && x >= 10 && x <= 190);
        assert.ok(y !== undefined && y >= 10 && y <= 90);
      }
    }
    assert.ok(lines[0]?.endsWith('190,10'));
    assert.ok(lines[1]?.endsWith('190,50'));
    assert.deepEqual(chartPolylines([], { width: 200, height: 100, padding: 10 }), []);
  });

  it('runs the time axis on to now, so one tip draws a rising step, not a line at the edge', () => {
    const [line] = chartPolylines(
      tipSeries([tip(1, '100', 50)]),
      { width: 200, height: 100, padding: 10 },
      150,
    );
    assert.equal(line, '10,90 10,90 10,10 190,10');
  });
});
