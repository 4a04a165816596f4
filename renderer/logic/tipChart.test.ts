import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TipRecord } from '../../core/api/appApi';
import { chartColumns, tipSeries, weiToEtherNumber } from './tipChart';

const tip = (chainTrackId: number, amountWei: string, at: number): TipRecord => ({
  chainTrackId,
  title: `Track ${chainTrackId}`,
  listener: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  amountWei,
  at,
  txHash: `0x${'ab'.repeat(32)}`,
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

  it("lays out running totals per track on one time axis, carried over the other tracks' tips", () => {
    const series = tipSeries([tip(1, '100', 0), tip(2, '50', 2_000), tip(1, '10', 3_000)]);
    const columns = chartColumns(series, 10_000_000);
    assert.deepEqual(columns.x, [0, 2, 3, 10_000]);
    assert.deepEqual(columns.y, [
      [100e-18, 100e-18, 110e-18, 110e-18],
      [null, 50e-18, 50e-18, 50e-18],
    ]);
    assert.deepEqual(columns.tipIndices, [[0, 2], [1]]);
    assert.deepEqual(chartColumns([], 10_000), { x: [], y: [], tipIndices: [] });
  });

  it('runs one tip on to now, so it draws a visible point and a step, not an empty frame', () => {
    const columns = chartColumns(tipSeries([tip(1, '10000000000000000', 50_000)]), 10_000_000);
    assert.deepEqual(columns.x, [50, 10_000]);
    assert.deepEqual(columns.y, [[0.01, 0.01]]);
    assert.deepEqual(columns.tipIndices, [[0]]);
    // A clock behind the block time still gets a step an hour long, not a lone dot.
    assert.deepEqual(chartColumns(tipSeries([tip(1, '1', 50_000)]), 0).x, [50, 3650]);
  });

  it('keeps a thousand tips as one line per track with every tip marked once', () => {
    const tips = Array.from({ length: 1000 }, (_, index) =>
      tip(index % 3, '1000000000000000', index * 60_000),
    );
    const columns = chartColumns(tipSeries(tips), 0);
    assert.equal(columns.x.length, 1001);
    assert.equal(columns.y.length, 3);
    assert.deepEqual(
      columns.tipIndices.map((indices) => indices.length),
      [334, 333, 333],
    );
    assert.equal(columns.y[0]?.at(-1), 0.334);
  });

  it('turns wei into ether for plotting without losing the whole part', () => {
    assert.equal(weiToEtherNumber(1_500_000_000_000_000_000n), 1.5);
    assert.equal(weiToEtherNumber(123_456n * 10n ** 18n + 1n), 123_456 + 1e-18);
  });
});
