import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAddress, shortAddress } from './address';

const address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('addresses', () => {
  it('checks and shortens', () => {
    assert.equal(isAddress(address), true);
    assert.equal(isAddress('0x123'), false);
    assert.equal(isAddress(`${address}00`), false);
    assert.equal(shortAddress(address), '0x7099…79C8');
  });
});
