import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCustomNetwork } from './networkForm';

const address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('custom network form', () => {
  it('accepts a complete network', () => {
    assert.deepEqual(
      validateCustomNetwork({
        rpcUrl: 'http://127.0.0.1:8545',
        factory: address,
        keyServerUrl: 'https://keys.example.org',
      }),
      {},
    );
  });

  it('names each field that is wrong, in words', () => {
    const errors = validateCustomNetwork({ rpcUrl: 'ftp://x', factory: '0x12', keyServerUrl: '' });
    assert.match(errors.rpcUrl ?? '', /must start with http/);
    assert.match(errors.factory ?? '', /40 hexadecimal digits/);
    assert.match(errors.keyServerUrl ?? '', /Enter the address of the key server/);
  });
});
