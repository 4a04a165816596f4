import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatEther, formatEtherWithUnit, parseWei } from '../../base/etherAmount';
import { parseEther } from './etherInput';

describe('formatEther', () => {
  it('writes wei as ether without floating-point errors', () => {
    assert.equal(formatEther('0'), '0');
    assert.equal(formatEther('1000000000000000000'), '1');
    assert.equal(formatEther('1500000000000000000'), '1.5');
    assert.equal(formatEther('10000000000000000'), '0.01');
    // 0.1 + 0.2 in wei: exact, where floats would show 0.30000000000000004.
    assert.equal(formatEther((100000000000000000n + 200000000000000000n).toString()), '0.3');
    assert.equal(formatEther('123456789000000000000000'), '123,456.789');
  });

  it('rounds to the places asked for and marks amounts too small to show', () => {
    assert.equal(formatEther('1234567890000000000'), '1.234568');
    assert.equal(formatEther('1234567890000000000', 2), '1.23');
    assert.equal(formatEther('999999999999999999', 4), '1');
    assert.equal(formatEther('1', 6), '<0.000001');
    assert.equal(formatEther('1', 18), '0.000000000000000001');
  });

  it('accepts bigint and refuses what is not wei', () => {
    assert.equal(formatEther(2n * 10n ** 18n), '2');
    assert.equal(formatEther('1e18'), '—');
    assert.equal(formatEther('-5'), '—');
    assert.equal(formatEtherWithUnit('10000000000000000'), '0.01 ETH');
  });
});

describe('parseWei', () => {
  it('reads decimal strings only', () => {
    assert.equal(parseWei('42'), 42n);
    assert.equal(parseWei('4.2'), null);
    assert.equal(parseWei(''), null);
  });
});

describe('parseEther', () => {
  it('reads amounts typed in ether', () => {
    assert.deepEqual(parseEther(' 0.01 '), { ok: true, wei: 10n ** 16n, text: '0.01' });
    assert.deepEqual(parseEther('2'), { ok: true, wei: 2n * 10n ** 18n, text: '2' });
    assert.deepEqual(parseEther('.5'), { ok: true, wei: 5n * 10n ** 17n, text: '.5' });
    assert.deepEqual(parseEther('1.'), { ok: true, wei: 10n ** 18n, text: '1.' });
    assert.equal(parseEther('0.000000000000000001').ok, true);
  });

  it('says in words what is wrong', () => {
    const message = (text: string) => {
      const result = parseEther(text);
      return result.ok ? null : result.message;
    };
    assert.match(message('') ?? '', /Enter a price/);
    assert.match(message('abc') ?? '', /as a number/);
    assert.match(message('.') ?? '', /as a number/);
    assert.match(message('1,5') ?? '', /as a number/);
    assert.match(message('-1') ?? '', /as a number/);
    assert.match(message('1e-3') ?? '', /as a number/);
    assert.match(message('0') ?? '', /more than 0/);
    assert.match(message('0.0000000000000000001') ?? '', /18 decimal places/);
  });
});
