/** Helpers the `BSK1` tests share: fixed inputs, whole-container encryption, and reads that record what was yielded. */
import { createHash } from 'node:crypto';
import { openBsk1 } from './bsk1Decrypt';
import { encryptBsk1, type Bsk1EncryptOptions } from './bsk1Encrypt';
import { memoryByteRangeReader, type ByteRangeReader } from './byteRangeReader';

export const TEST_KEY = Buffer.from(createHash('sha256').update('busker test content key').digest());
export const TEST_NONCE_PREFIX = Buffer.from('0102030405060708', 'hex');

/** Byte i is i mod 251: never lines up with a power-of-two segment, so a misplaced segment shows. */
export function patternBytes(length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let index = 0; index < length; index += 1) bytes[index] = index % 251;
  return bytes;
}

/** Yields `bytes` cut at `cuts` (offsets, any order, out-of-range ones ignored). */
export async function* cutInto(bytes: Uint8Array, cuts: readonly number[] = []): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].filter((at) => at > 0 && at < bytes.length).sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

export async function encryptToBuffer(
  plaintext: Uint8Array,
  options: Partial<Bsk1EncryptOptions> = {},
  cuts: readonly number[] = [],
): Promise<Buffer> {
  return collect(
    encryptBsk1(cutInto(plaintext, cuts), {
      key: TEST_KEY,
      noncePrefix: TEST_NONCE_PREFIX,
      plaintextLength: plaintext.length,
      ...options,
    }),
  );
}

export interface ReadOutcome {
  /** Everything that was yielded before the read ended. */
  yielded: Buffer;
  error: unknown;
}

/** Opens `container` and reads `[start, end)` (default: all), keeping what was yielded even when it then fails. */
export async function readRecording(
  container: Uint8Array,
  options: {
    key?: Uint8Array;
    start?: number;
    end?: number;
    read?: ByteRangeReader;
    containerSize?: number;
  } = {},
): Promise<ReadOutcome> {
  const parts: Buffer[] = [];
  try {
    const reader = await openBsk1(
      options.read ?? memoryByteRangeReader(container),
      options.containerSize ?? container.length,
      options.key ?? TEST_KEY,
    );
    for await (const part of reader.readPlaintext(
      options.start ?? 0,
      options.end ?? reader.plaintextLength,
    )) {
      parts.push(part);
    }
    return { yielded: Buffer.concat(parts), error: undefined };
  } catch (error) {
    return { yielded: Buffer.concat(parts), error };
  }
}
