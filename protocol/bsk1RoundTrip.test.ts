import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { openBsk1 } from './bsk1Decrypt';
import { encryptBsk1 } from './bsk1Encrypt';
import { Bsk1Error } from './bsk1Error';
import { encryptedSize, segmentOffset, storedSegmentSize, bsk1Layout } from './bsk1Layout';
import { memoryByteRangeReader, type ByteRangeReader } from './byteRangeReader';
import {
  collect,
  cutInto,
  encryptToBuffer,
  patternBytes,
  readRecording,
  TEST_KEY,
  TEST_NONCE_PREFIX,
} from './bsk1TestSupport';

const MIB = 1024 * 1024;

/** A reader that cuts each range at `cuts` (relative offsets) and records every read. */
function cuttingReader(container: Uint8Array, cuts: readonly number[] = []) {
  const reads: Array<[number, number]> = [];
  const read: ByteRangeReader = (offset, length) => {
    reads.push([offset, length]);
    return cutInto(container.subarray(offset, offset + length), cuts);
  };
  return { read, reads };
}

describe('BSK1 round trip', () => {
  const sizesFor = (segmentBits: number): number[] => {
    const size = 2 ** segmentBits;
    const boundaries = [1, size - 1, size, size + 1];
    return segmentBits === 24
      ? boundaries
      : [...boundaries, 2 * size - 1, 2 * size, 2 * size + 1, 3 * MIB + 5];
  };
  for (const segmentBits of [12, 16, 24]) {
    test(`n = ${segmentBits}: 1 byte, segment boundaries ±1 and several MiB decrypt to what went in`, async () => {
      for (const length of sizesFor(segmentBits)) {
        const plaintext = patternBytes(length);
        // Cut the input off the segment grid, so segments straddle chunks.
        const container = await encryptToBuffer(plaintext, { segmentBits }, [1, 1000, 70_001, MIB + 3]);
        assert.equal(container.length, encryptedSize(length, segmentBits), `size of ${length} bytes`);
        const { yielded, error } = await readRecording(container);
        assert.equal(error, undefined);
        assert.ok(yielded.equals(plaintext), `${length} bytes at n = ${segmentBits}`);
      }
    });
  }

  test('the default segment size is 64 KiB and the nonce prefix is random', async () => {
    const plaintext = patternBytes(100);
    const source = () => cutInto(plaintext);
    const first = await collect(encryptBsk1(source(), { key: TEST_KEY, plaintextLength: 100 }));
    const second = await collect(encryptBsk1(source(), { key: TEST_KEY, plaintextLength: 100 }));
    assert.equal(first[6], 16);
    assert.notDeepEqual(first.subarray(8, 16), second.subarray(8, 16));
    assert.notDeepEqual(first.subarray(24), second.subarray(24));
  });

  test('any chunking of the input gives the same container', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 * 4096 + 100 }),
        fc.array(fc.nat({ max: 5 * 4096 + 100 }), { maxLength: 12 }),
        async (length, cuts) => {
          const plaintext = patternBytes(length);
          const whole = await encryptToBuffer(plaintext, { segmentBits: 12 });
          const cut = await encryptToBuffer(plaintext, { segmentBits: 12 }, cuts);
          assert.ok(cut.equals(whole));
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a source that reuses one buffer for every chunk gives the same container', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 * 4096 + 100 }),
        fc.integer({ min: 1, max: 3 * 4096 }),
        async (length, chunkBytes) => {
          const plaintext = patternBytes(length);
          const buffer = Buffer.alloc(chunkBytes);
          async function* reused() {
            for (let offset = 0; offset < length; offset += chunkBytes) {
              const taken = plaintext.copy(buffer, 0, offset, offset + chunkBytes);
              yield buffer.subarray(0, taken);
            }
          }
          const options = {
            key: TEST_KEY,
            noncePrefix: TEST_NONCE_PREFIX,
            plaintextLength: length,
            segmentBits: 12,
          };
          const container = await collect(encryptBsk1(reused(), options));
          assert.ok(container.equals(await encryptToBuffer(plaintext, { segmentBits: 12 })));
        },
      ),
      { numRuns: 100 },
    );
  });

  test('any plaintext range, read in any chunking, is exactly that slice, from one read of the covering segments', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 * 4096 + 100 }),
        fc.nat(),
        fc.nat(),
        fc.array(fc.nat({ max: 7 * 4112 }), { maxLength: 10 }),
        async (length, a, b, cuts) => {
          const plaintext = patternBytes(length);
          const container = await encryptToBuffer(plaintext, { segmentBits: 12 });
          const [start, end] = [a % (length + 1), b % (length + 1)].sort((x, y) => x - y) as [number, number];
          const { read, reads } = cuttingReader(container, cuts);
          const reader = await openBsk1(read, container.length, TEST_KEY);
          reads.length = 0;
          const got = await collect(reader.readPlaintext(start, end));
          assert.ok(got.equals(plaintext.subarray(start, end)), `[${start}, ${end}) of ${length}`);
          if (start === end) return assert.deepEqual(reads, []);
          const layout = bsk1Layout(length, 12);
          const first = Math.floor(start / 4096);
          const last = Math.floor((end - 1) / 4096);
          const spanStart = segmentOffset(layout, first);
          const spanEnd = segmentOffset(layout, last) + storedSegmentSize(layout, last);
          assert.deepEqual(reads, [[spanStart, spanEnd - spanStart]]);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('readPlaintext refuses a range outside the track', async () => {
    const reader = await openBsk1(
      memoryByteRangeReader(await encryptToBuffer(patternBytes(5000), { segmentBits: 12 })),
      encryptedSize(5000, 12),
      TEST_KEY,
    );
    for (const [start, end] of [
      [-1, 10],
      [0, 5001],
      [10, 9],
      [0.5, 10],
      [0, Number.NaN],
    ] as const) {
      await assert.rejects(collect(reader.readPlaintext(start, end)), RangeError, `[${start}, ${end})`);
    }
  });

  test('stopping a read early stops the underlying read too', async () => {
    const container = await encryptToBuffer(patternBytes(5 * 4096), { segmentBits: 12 });
    let finished = false;
    const read: ByteRangeReader = async function* (offset, length) {
      try {
        yield* memoryByteRangeReader(container, 4112)(offset, length);
      } finally {
        finished = true;
      }
    };
    const reader = await openBsk1(read, container.length, TEST_KEY);
    const chunks = reader.readPlaintext(0, reader.plaintextLength);
    assert.equal((await chunks.next()).value?.length, 4096);
    await chunks.return(undefined);
    assert.equal(finished, true);
  });
});

describe('BSK1 encryption input', () => {
  const options = { key: TEST_KEY, noncePrefix: TEST_NONCE_PREFIX, segmentBits: 12 };

  test('a source shorter than plaintextLength fails with BAD_SIZE', async () => {
    const plaintext = patternBytes(3 * 4096);
    await assert.rejects(
      collect(encryptBsk1(cutInto(plaintext), { ...options, plaintextLength: plaintext.length + 1 })),
      (error) =>
        error instanceof Bsk1Error &&
        error.code === 'BAD_SIZE' &&
        /ended after 12288 of the 12289/.test(error.message),
    );
  });

  test('a source longer than plaintextLength fails before the last segment is yielded', async () => {
    const plaintext = patternBytes(2 * 4096 + 10);
    const extra = async function* () {
      yield plaintext;
      yield Buffer.from([1]);
    };
    const yielded: Buffer[] = [];
    await assert.rejects(
      (async () => {
        for await (const part of encryptBsk1(extra(), { ...options, plaintextLength: plaintext.length })) {
          yielded.push(part);
        }
      })(),
      (error) =>
        error instanceof Bsk1Error &&
        error.code === 'BAD_SIZE' &&
        /longer than the 8202 bytes/.test(error.message),
    );
    // The header and the two full segments, never the last one.
    assert.equal(Buffer.concat(yielded).length, 24 + 2 * (4096 + 16));
  });

  test('refuses a key, nonce prefix, length or segment size of the wrong shape', async () => {
    const encrypt = (overrides: object) =>
      collect(encryptBsk1(cutInto(patternBytes(10)), { ...options, plaintextLength: 10, ...overrides }));
    await assert.rejects(encrypt({ key: TEST_KEY.subarray(0, 31) }), RangeError);
    await assert.rejects(encrypt({ noncePrefix: Buffer.alloc(7) }), RangeError);
    await assert.rejects(encrypt({ plaintextLength: 0 }), RangeError);
    await assert.rejects(encrypt({ segmentBits: 25 }), RangeError);
    await assert.rejects(openBsk1(memoryByteRangeReader(Buffer.alloc(0)), 41, Buffer.alloc(16)), RangeError);
  });
});
