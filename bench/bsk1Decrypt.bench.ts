/**
 * `BSK1` throughput: decrypting a whole container through `openBsk1(...).readPlaintext(0, L)`
 * from memory, against the ceiling of one-shot AES-256-GCM over the same bytes in the same run;
 * and `encryptBsk1` against one-shot encryption. Budget (DESIGN.md): decrypt ≥ 0.8 × one-shot.
 * The one-shot ceiling allocates its whole output at once, which costs it page faults; a single
 * GCM stream fed 64 KiB at a time is shown too, as the stricter "cipher only" reference.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { openBsk1 } from '../protocol/bsk1Decrypt';
import { encryptBsk1 } from '../protocol/bsk1Encrypt';
import { memoryByteRangeReader } from '../protocol/byteRangeReader';
import { printTable } from './support/benchReport';

const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MIB ?? 64) * MIB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
// Helia's unixfs chunker cuts 256 KiB blocks: the size a container arrives in from IPFS.
const IPFS_CHUNK = 256 * 1024;
const FILE_CHUNK = MIB;
const STREAM_PIECE = 64 * 1024;

const key = randomBytes(32);
const keyObject = createSecretKey(key);
const nonce = randomBytes(12);
const plaintext = randomBytes(SIZE);

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

function encryptOurs(): AsyncGenerator<Buffer> {
  return encryptBsk1(chunksOf(plaintext, FILE_CHUNK), { key, plaintextLength: SIZE });
}

async function encryptOursCounting(): Promise<number> {
  let bytes = 0;
  for await (const part of encryptOurs()) bytes += part.length;
  return bytes;
}

async function decryptOurs(container: Buffer, chunkSize: number): Promise<number> {
  const reader = await openBsk1(memoryByteRangeReader(container, chunkSize), container.length, key);
  let bytes = 0;
  for await (const part of reader.readPlaintext(0, reader.plaintextLength)) bytes += part.length;
  return bytes;
}

function encryptOneShot(): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', keyObject, nonce);
  const ciphertext = cipher.update(plaintext);
  cipher.final();
  return { ciphertext, tag: cipher.getAuthTag() };
}

function decryptOneShot(sealed: { ciphertext: Buffer; tag: Buffer }): number {
  const decipher = createDecipheriv('aes-256-gcm', keyObject, nonce);
  decipher.setAuthTag(sealed.tag);
  const bytes = decipher.update(sealed.ciphertext).length;
  decipher.final();
  return bytes;
}

function encryptStreamed(): number {
  const cipher = createCipheriv('aes-256-gcm', keyObject, nonce);
  let bytes = 0;
  for (let start = 0; start < plaintext.length; start += STREAM_PIECE) {
    bytes += cipher.update(plaintext.subarray(start, start + STREAM_PIECE)).length;
  }
  cipher.final();
  return bytes + cipher.getAuthTag().length;
}

function decryptStreamed(sealed: { ciphertext: Buffer; tag: Buffer }): number {
  const decipher = createDecipheriv('aes-256-gcm', keyObject, nonce);
  decipher.setAuthTag(sealed.tag);
  let bytes = 0;
  for (let start = 0; start < sealed.ciphertext.length; start += STREAM_PIECE) {
    bytes += decipher.update(sealed.ciphertext.subarray(start, start + STREAM_PIECE)).length;
  }
  decipher.final();
  return bytes;
}

/** Median MB/s over the rounds (the paths take turns within a round, so noise hits them alike). */
async function measure(paths: Record<string, () => unknown>): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((name) => [name, []]));
  for (let round = -1; round < ROUNDS; round += 1) {
    for (const [name, run] of Object.entries(paths)) {
      const start = performance.now();
      await run();
      // Round -1 warms up code and allocator, and is not counted.
      if (round >= 0) times[name]?.push(performance.now() - start);
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, ms]) => {
      const sorted = ms.sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
      return [name, SIZE / 1e6 / (median / 1000)];
    }),
  );
}

async function main(): Promise<void> {
  const parts: Buffer[] = [];
  for await (const part of encryptOurs()) parts.push(part);
  const container = Buffer.concat(parts);
  const sealed = encryptOneShot();
  if ((await decryptOurs(container, IPFS_CHUNK)) !== SIZE) throw new Error('BSK1 round trip lost bytes');

  const decrypt = await measure({
    ipfs: () => decryptOurs(container, IPFS_CHUNK),
    file: () => decryptOurs(container, FILE_CHUNK),
    oneShot: () => decryptOneShot(sealed),
    streamed: () => decryptStreamed(sealed),
  });
  const encrypt = await measure({
    ours: encryptOursCounting,
    oneShot: encryptOneShot,
    streamed: encryptStreamed,
  });

  const mbs = (value: number | undefined) => value ?? Number.NaN;
  printTable(
    `BSK1, ${SIZE / MIB} MiB plaintext, 64 KiB segments, median of ${ROUNDS} rounds, MB/s`,
    ['path', 'MB/s'],
    [
      ['ours: readPlaintext(0, L), 256 KiB reads (IPFS blocks)', mbs(decrypt.ipfs)],
      ['ours: readPlaintext(0, L), 1 MiB reads (file)', mbs(decrypt.file)],
      ['ceiling: one-shot AES-256-GCM decrypt', mbs(decrypt.oneShot)],
      ['reference: one GCM stream decrypt, 64 KiB updates', mbs(decrypt.streamed)],
      ['ours: encryptBsk1, 1 MiB chunks', mbs(encrypt.ours)],
      ['ceiling: one-shot AES-256-GCM encrypt', mbs(encrypt.oneShot)],
      ['reference: one GCM stream encrypt, 64 KiB updates', mbs(encrypt.streamed)],
    ],
  );
  const decryptRatio = mbs(decrypt.ipfs) / mbs(decrypt.oneShot);
  printTable(
    'BSK1 verdict',
    ['measure', 'value', 'budget'],
    [
      ['decrypt (IPFS reads) / one-shot', decryptRatio, '>= 0.8'],
      ['decrypt (file reads) / one-shot', mbs(decrypt.file) / mbs(decrypt.oneShot), 'info'],
      ['decrypt (IPFS reads) / one GCM stream', mbs(decrypt.ipfs) / mbs(decrypt.streamed), 'info'],
      ['encrypt / one-shot', mbs(encrypt.ours) / mbs(encrypt.oneShot), 'info'],
      ['encrypt / one GCM stream', mbs(encrypt.ours) / mbs(encrypt.streamed), 'info'],
      ['within budget', decryptRatio >= 0.8 ? 'yes' : 'NO', ''],
    ],
  );
}

await main();
