import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TipRecord } from '../../core/api/appApi';
import { csvField, tipsCsv } from './tipsCsv';

const listener = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const tip = (title: string, amountWei: string, at: number, hashByte = 'ab'): TipRecord => ({
  chainTrackId: 1,
  title,
  listener,
  amountWei,
  at,
  txHash: `0x${hashByte.repeat(32)}`,
});

describe('tips as CSV', () => {
  it('writes a header, then one line per tip oldest first with the exact amount in ether', () => {
    const csv = tipsCsv([
      tip('Night Bus', '1234567890123456789012', Date.UTC(2026, 0, 2), 'cd'),
      tip('Harbour Lights', '10000000000000000', Date.UTC(2026, 0, 1)),
    ]);
    assert.equal(
      csv,
      'Date (UTC),Track,Amount (ETH),Transaction,Tipper\r\n' +
        `2026-01-01T00:00:00.000Z,Harbour Lights,0.01,0x${'ab'.repeat(32)},${listener}\r\n` +
        `2026-01-02T00:00:00.000Z,Night Bus,1234.567890123456789012,0x${'cd'.repeat(32)},${listener}\r\n`,
    );
  });

  it('quotes commas, quotes and line breaks, and defuses titles that start like formulas', () => {
    assert.equal(csvField('Paper Moon, live'), '"Paper Moon, live"');
    assert.equal(csvField('He said "go"'), '"He said ""go"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('@me'), "'@me");
    assert.equal(csvField('plain'), 'plain');
  });

  it('writes only the header when there are no tips', () => {
    assert.equal(tipsCsv([]), 'Date (UTC),Track,Amount (ETH),Transaction,Tipper\r\n');
  });
});
