import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { Bsk1Error, type Bsk1ErrorCode } from './bsk1Error';
import { bsk1Layout, HEADER_BYTES, segmentOffset } from './bsk1Layout';
import { memoryByteRangeReader } from './byteRangeReader';
import { encryptToBuffer, patternBytes, readRecording, type ReadOutcome } from './bsk1TestSupport';

// Four segments of 2^12 bytes, the last one short: every kind of segment is present.
const SEGMENT = 4096;
const STORED = SEGMENT + 16;
const LENGTH = 3 * SEGMENT + 100;
const layout = bsk1Layout(LENGTH, 12);
const plaintext = patternBytes(LENGTH);
let container: Buffer;

before(async () => {
  container = await encryptToBuffer(plaintext, { segmentBits: 12 });
});

/** The read failed with `code`, after yielding exactly the plaintext of the segments before `badSegment`. */
function assertRefused(outcome: ReadOutcome, code: Bsk1ErrorCode | Bsk1ErrorCode[], badSegment = 0): void {
  assert.ok(outcome.error instanceof Bsk1Error, `expected a Bsk1Error, got ${String(outcome.error)}`);
  assert.ok([code].flat().includes(outcome.error.code), `${outcome.error.code}: ${outcome.error.message}`);
  assert.equal(outcome.yielded.length, badSegment * SEGMENT, 'bytes of the bad segment were yielded');
  assert.ok(outcome.yielded.equals(plaintext.subarray(0, badSegment * SEGMENT)));
}

function changed(edit: (bytes: Buffer) => void): Buffer {
  const copy = Buffer.from(container);
  edit(copy);
  return copy;
}

function segmentOf(position: number): number {
  return Math.floor((position - HEADER_BYTES) / STORED);
}

/** How a change to the byte at `position` may be refused. */
function refusals(position: number): Bsk1ErrorCode[] {
  if ((position >= 8 && position < 16) || position >= HEADER_BYTES) return ['TAG_MISMATCH'];
  // A changed n or L is either out of range, or in range and disagreeing with the file's size.
  if (position === 6 || position >= 16) return ['BAD_HEADER', 'BAD_SIZE'];
  return ['BAD_HEADER'];
}

describe('BSK1 tampering', () => {
  test('the untouched container reads back', async () => {
    const outcome = await readRecording(container);
    assert.equal(outcome.error, undefined);
    assert.ok(outcome.yielded.equals(plaintext));
  });

  test('flipping any bit of any byte — header, ciphertext or tag — is refused before that segment yields', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: layout.containerSize - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (position, mask) => {
          const outcome = await readRecording(
            changed((bytes) => (bytes[position] = (bytes[position] ?? 0) ^ mask)),
          );
          assertRefused(outcome, refusals(position), position < HEADER_BYTES ? 0 : segmentOf(position));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('flipping every byte in turn, one at a time, is refused', async () => {
    for (let position = 0; position < layout.containerSize; position += 1) {
      const outcome = await readRecording(
        changed((bytes) => (bytes[position] = (bytes[position] ?? 0) ^ 0x80)),
      );
      assertRefused(outcome, refusals(position), position < HEADER_BYTES ? 0 : segmentOf(position));
    }
  });

  test('a wrong key is refused at the first segment', async () => {
    assertRefused(await readRecording(container, { key: Buffer.alloc(32, 7) }), 'TAG_MISMATCH', 0);
  });

  test('a truncated or extended file is refused by its size', async () => {
    for (const size of [
      0,
      HEADER_BYTES,
      HEADER_BYTES + 1,
      container.length - 1,
      container.length - 16,
      segmentOffset(layout, 3),
    ]) {
      assertRefused(await readRecording(container.subarray(0, size)), 'BAD_SIZE');
    }
    assertRefused(await readRecording(Buffer.concat([container, Buffer.alloc(1)])), 'BAD_SIZE');
    assertRefused(
      await readRecording(Buffer.concat([container, container.subarray(24, 24 + STORED)])),
      'BAD_SIZE',
    );
  });

  test('a truncation with the length rewritten to match fails at the first segment', async () => {
    const cut = Buffer.from(container.subarray(0, segmentOffset(layout, 2)));
    cut.writeBigUInt64BE(2n * BigInt(SEGMENT), 16);
    assertRefused(await readRecording(cut), 'TAG_MISMATCH', 0);
  });

  test('an extension with the length rewritten to match fails at the first segment', async () => {
    const longer = Buffer.concat([
      container.subarray(0, segmentOffset(layout, 3)),
      container.subarray(24, 24 + STORED),
      container.subarray(segmentOffset(layout, 3)),
    ]);
    longer.writeBigUInt64BE(BigInt(LENGTH + SEGMENT), 16);
    assertRefused(await readRecording(longer), 'TAG_MISMATCH', 0);
  });

  test('a read that delivers fewer bytes than the header promised fails at the segment it cuts', async () => {
    const short = container.subarray(0, segmentOffset(layout, 2) + 100);
    const outcome = await readRecording(container, { read: memoryByteRangeReader(short, 1000) });
    assertRefused(outcome, 'BAD_SIZE', 2);
  });

  test('swapping two segments is refused at the first of them', async () => {
    const swapped = changed((bytes) => {
      const one = Buffer.from(bytes.subarray(segmentOffset(layout, 1), segmentOffset(layout, 2)));
      bytes.copy(bytes, segmentOffset(layout, 1), segmentOffset(layout, 2), segmentOffset(layout, 3));
      one.copy(bytes, segmentOffset(layout, 2));
    });
    assertRefused(await readRecording(swapped), 'TAG_MISMATCH', 1);
  });

  test('changing each header field is refused', async () => {
    const cases: Array<[string, (bytes: Buffer) => void, Bsk1ErrorCode]> = [
      ['magic', (bytes) => bytes.write('BSK2', 0, 'ascii'), 'BAD_HEADER'],
      ['version', (bytes) => (bytes[4] = 2), 'BAD_HEADER'],
      ['algorithm', (bytes) => (bytes[5] = 2), 'BAD_HEADER'],
      ['n out of range', (bytes) => (bytes[6] = 25), 'BAD_HEADER'],
      ['n in range', (bytes) => (bytes[6] = 13), 'BAD_SIZE'],
      ['reserved', (bytes) => (bytes[7] = 1), 'BAD_HEADER'],
      ['nonce prefix', (bytes) => (bytes[15] = (bytes[15] ?? 0) ^ 1), 'TAG_MISMATCH'],
      ['plaintext length', (bytes) => bytes.writeBigUInt64BE(BigInt(LENGTH - 1), 16), 'BAD_SIZE'],
    ];
    for (const [field, edit, code] of cases) {
      const outcome = await readRecording(changed(edit));
      assert.ok(outcome.error instanceof Bsk1Error, field);
      assert.equal(outcome.error.code, code, field);
      assert.equal(outcome.yielded.length, 0, field);
    }
  });

  test('a damaged segment does not spoil ranges that do not cover it', async () => {
    const damaged = changed(
      (bytes) => (bytes[segmentOffset(layout, 2) + 5] = (bytes[segmentOffset(layout, 2) + 5] ?? 0) ^ 1),
    );
    const before = await readRecording(damaged, { start: 10, end: 2 * SEGMENT });
    assert.equal(before.error, undefined);
    assert.ok(before.yielded.equals(plaintext.subarray(10, 2 * SEGMENT)));
    const across = await readRecording(damaged, { start: SEGMENT + 1, end: 3 * SEGMENT });
    assert.ok(across.error instanceof Bsk1Error && across.error.code === 'TAG_MISMATCH');
    assert.ok(across.yielded.equals(plaintext.subarray(SEGMENT + 1, 2 * SEGMENT)));
  });
});
