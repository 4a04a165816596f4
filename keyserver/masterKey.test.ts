import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { MasterKey, MasterKeyError } from './masterKey';

test('reads a master key as hex or base64, and nothing else', () => {
  const bytes = randomBytes(32);
  const id = MasterKey.fromBytes(bytes).id;
  assert.equal(MasterKey.fromText(bytes.toString('hex')).id, id);
  assert.equal(MasterKey.fromText(`  0x${bytes.toString('hex')}\n`).id, id);
  assert.equal(MasterKey.fromText(bytes.toString('base64')).id, id);
  assert.equal(MasterKey.fromText(bytes.toString('base64url')).id, id);
  for (const bad of [
    '',
    'abc',
    bytes.toString('hex').slice(2),
    randomBytes(31).toString('base64'),
    'x'.repeat(64),
  ]) {
    assert.throws(
      () => MasterKey.fromText(bad),
      (error: unknown) => {
        assert.ok(error instanceof MasterKeyError);
        assert.equal(error.code, 'MASTER_KEY_MALFORMED');
        return true;
      },
    );
  }
});

test('seals with a fresh nonce per value, bound to its row, and opens only under the same key', () => {
  const key = MasterKey.generate();
  const secret = randomBytes(32);
  const sealed = key.seal(secret, '31337:0xab:1');
  assert.notDeepEqual(key.seal(secret, '31337:0xab:1'), sealed, 'a new nonce each time');
  assert.deepEqual(key.open(sealed, '31337:0xab:1'), secret);
  assert.equal(sealed.includes(secret), false);

  assert.throws(() => key.open(sealed, '31337:0xab:2'), { code: 'SEALED_VALUE_CORRUPT' });
  const altered = Buffer.from(sealed);
  altered[altered.length - 20] = (altered[altered.length - 20] ?? 0) ^ 1;
  assert.throws(() => key.open(altered, '31337:0xab:1'), { code: 'SEALED_VALUE_CORRUPT' });
  assert.throws(() => MasterKey.generate().open(sealed, '31337:0xab:1'), {
    code: 'MASTER_KEY_MISMATCH',
    message: new RegExp(`sealed under master key ${key.id}`),
  });
});

test('never prints its bytes', () => {
  const bytes = randomBytes(32);
  const key = MasterKey.fromBytes(bytes);
  for (const text of [String(key), JSON.stringify({ key }), inspect(key), inspect({ nested: { key } })]) {
    assert.equal(text.includes(bytes.toString('hex')), false);
    assert.equal(text.includes(bytes.toString('base64')), false);
    assert.ok(text.includes(key.id));
  }
});
