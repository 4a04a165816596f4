import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Bsk1Error } from './bsk1Error';
import { parseBsk1Header, serializeBsk1Header } from './bsk1Header';
import { bsk1Layout, encryptedSize, segmentOffset, storedSegmentSize } from './bsk1Layout';

const fields = {
  segmentBits: 12,
  noncePrefix: Buffer.from('a1a2a3a4a5a6a7a8', 'hex'),
  plaintextLength: 10_000,
};

function headerWith(offset: number, value: number): Buffer {
  const bytes = serializeBsk1Header(fields);
  bytes[offset] = value;
  return bytes;
}

function assertBadHeader(bytes: Uint8Array, message: RegExp): void {
  assert.throws(
    () => parseBsk1Header(bytes),
    (error) => error instanceof Bsk1Error && error.code === 'BAD_HEADER' && message.test(error.message),
  );
}

describe('BSK1 sizes', () => {
  test('encryptedSize adds the header and one tag per segment', () => {
    assert.equal(encryptedSize(1, 12), 24 + 1 + 16);
    assert.equal(encryptedSize(4095, 12), 24 + 4095 + 16);
    assert.equal(encryptedSize(4096, 12), 24 + 4096 + 16);
    assert.equal(encryptedSize(4097, 12), 24 + 4097 + 32);
    assert.equal(encryptedSize(3 * 65536), 24 + 3 * 65536 + 3 * 16);
    assert.equal(encryptedSize(2 ** 40 - 1, 24), 24 + 2 ** 40 - 1 + 2 ** 16 * 16);
  });

  test('segment i starts at 24 + i·(2^n + 16); only the last may be short', () => {
    const layout = bsk1Layout(10_000, 12);
    assert.equal(layout.segmentCount, 3);
    assert.deepEqual(
      [0, 1, 2].map((index) => segmentOffset(layout, index)),
      [24, 24 + 4112, 24 + 2 * 4112],
    );
    assert.deepEqual(
      [0, 1, 2].map((index) => storedSegmentSize(layout, index)),
      [4112, 4112, 10_000 - 8192 + 16],
    );
  });

  test('refuses lengths and segment sizes the format cannot hold', () => {
    for (const length of [0, -1, 1.5, 2 ** 40, Number.NaN])
      assert.throws(() => encryptedSize(length), RangeError);
    for (const bits of [11, 25, 16.5]) assert.throws(() => encryptedSize(100, bits), RangeError);
  });
});

describe('BSK1 header', () => {
  test('serializes the fields at their offsets and parses them back', () => {
    const bytes = serializeBsk1Header(fields);
    assert.equal(bytes.toString('hex'), '42534b3101010c00' + 'a1a2a3a4a5a6a7a8' + '0000000000002710');
    const parsed = parseBsk1Header(bytes);
    assert.equal(parsed.segmentBits, 12);
    assert.equal(parsed.plaintextLength, 10_000);
    assert.deepEqual(parsed.noncePrefix, fields.noncePrefix);
    assert.deepEqual(parsed.bytes, bytes);
  });

  test('refuses each wrong field, saying which', () => {
    assertBadHeader(headerWith(0, 0x43), /does not start with "BSK1"/);
    assertBadHeader(headerWith(3, 0x32), /does not start with "BSK1"/);
    assertBadHeader(headerWith(4, 2), /format version 2/);
    assertBadHeader(headerWith(4, 0), /format version 0/);
    assertBadHeader(headerWith(5, 2), /cipher number 2/);
    assertBadHeader(headerWith(6, 11), /segment size 2\^11/);
    assertBadHeader(headerWith(6, 25), /segment size 2\^25/);
    assertBadHeader(headerWith(7, 1), /reserved byte is 1/);
  });

  test('refuses a plaintext length of 0 or of 2^40 and more', () => {
    const withLength = (length: bigint) => {
      const bytes = serializeBsk1Header(fields);
      bytes.writeBigUInt64BE(length, 16);
      return bytes;
    };
    assertBadHeader(withLength(0n), /claims 0 bytes/);
    assertBadHeader(withLength(2n ** 40n), /claims 1099511627776 bytes/);
    assertBadHeader(withLength(2n ** 64n - 1n), /outside 1 to 2\^40 - 1/);
    assert.equal(parseBsk1Header(withLength(2n ** 40n - 1n)).plaintextLength, 2 ** 40 - 1);
  });

  test('refuses a header of the wrong length', () => {
    assertBadHeader(serializeBsk1Header(fields).subarray(0, 23), /24 bytes, but 23/);
  });
});
