/**
 * Adding a file: ours (`ContentStore.add` on the Helia store: Busker's UnixFS layout, cache
 * bookkeeping, the collection lock) against the ceiling, Helia's own `unixfs.addByteStream` of
 * the same bytes with the same layout on a plain Helia node; plus Helia's default layout (1 MiB
 * chunks, fewer blocks) for information. Fresh bytes every round, since a block already held is
 * not written again. Each side's disk is its own directory under the same temporary folder.
 * Publishing is encrypt (BSK1, while reading) + add: budget (DESIGN.md) ≥ 0.7 × a plain Helia add
 * of the same bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { encryptBsk1 } from '../core/crypto/bsk1Encrypt';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import { seededBytes } from '../core/storage/testSupport/testBytes';
import { heliaImportOptions } from '../core/storage/unixfsLayout';
import { printTable } from './support/benchReport';
import { startPlainHelia } from './support/plainHelia';

const FILE_BYTES = Number(process.env.BENCH_ADD_BYTES ?? 32 * 1024 * 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Handed over in pieces the size a file read gives, as publishing a file would. */
const PIECE_BYTES = 64 * 1024;

function* pieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += PIECE_BYTES)
    yield bytes.subarray(offset, offset + PIECE_BYTES);
}

async function* asyncPieces(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield* pieces(bytes);
}

async function megabytesPerSecond(add: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await add();
  return FILE_BYTES / 1e6 / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'busker-add-bench-'));
  const ours = await createHeliaContentStore({ directory: join(workDir, 'ours') });
  const plain = await startPlainHelia(join(workDir, 'plain'));
  const plainFs = unixfs(plain.helia);
  try {
    const contenders = [
      {
        name: 'ours: publish = BSK1 encrypt + ContentStore.add',
        add: (bytes: Uint8Array) =>
          ours.add(encryptBsk1(asyncPieces(bytes), { key: randomBytes(32), plaintextLength: bytes.length })),
      },
      { name: 'ours: ContentStore.add (Helia store)', add: (bytes: Uint8Array) => ours.add(pieces(bytes)) },
      {
        name: 'ceiling: plain Helia addByteStream, same layout',
        add: (bytes: Uint8Array) => plainFs.addByteStream(pieces(bytes), heliaImportOptions()),
      },
      {
        name: "info: plain Helia addByteStream, Helia's default layout",
        add: (bytes: Uint8Array) => plainFs.addByteStream(pieces(bytes)),
      },
    ];
    const rates: number[][] = contenders.map(() => []);
    // One warm-up round, not counted: module loading, first directory creation.
    for (let round = -1; round < ROUNDS; round += 1) {
      for (let turn = 0; turn < contenders.length; turn += 1) {
        const which = (Math.max(round, 0) + turn) % contenders.length;
        const bytes = seededBytes(FILE_BYTES, `add ${round} ${which}`);
        const rate = await megabytesPerSecond(() => contenders[which]?.add(bytes) ?? Promise.resolve());
        if (round >= 0) rates[which]?.push(rate);
      }
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    printTable(
      `Add ${FILE_BYTES} bytes, median of ${ROUNDS} rounds, MB/s`,
      ['path', 'MB/s', 'rounds'],
      contenders.map((contender, index) => [
        contender.name,
        median(rates[index] ?? []),
        (rates[index] ?? []).map((rate) => rate.toFixed(0)).join(' '),
      ]),
    );
    const publishRate = median(rates[0] ?? []);
    const ourRate = median(rates[1] ?? []);
    const ceilingRate = median(rates[2] ?? []);
    printTable(
      'Add verdict',
      ['measure', 'value', 'budget'],
      [
        ['publish (encrypt + add)/ceiling', publishRate / ceilingRate, '>= 0.7'],
        ['add/ceiling', ourRate / ceilingRate, 'info'],
        ["add/Helia's default layout", ourRate / median(rates[3] ?? []), 'info'],
        ['within budget', publishRate / ceilingRate >= 0.7 ? 'yes' : 'NO', ''],
      ],
    );
  } finally {
    await ours.close();
    await plain.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
