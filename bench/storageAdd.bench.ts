/**
 * Adding a file: publishing's one pass (`addEncryptedAudio`: read the file, hash it and BSK1-encrypt
 * it in the encryption thread, add the container to our Helia store, pinned, as a published track
 * must be), the same pass unpinned (the budget's encrypt + add), and a plain
 * pinned `ContentStore.add` of the file, against the ceiling: on a plain Helia node, Helia's own
 * `unixfs.addByteStream` of the same file's bytes, read the same way, with the same layout, then
 * Helia's own `pins.add` of the root. The same add without the pin is shown for information. Fresh bytes every round, since a block already held is not
 * written again; the files are written before the clock starts. Each side's disk is its own
 * directory under the same temporary folder. Budget (DESIGN.md): publish ≥ 0.7 × a plain Helia
 * add of the same bytes. Disk writeback makes single adds here vary by 2× from one second to the
 * next, so each ratio is taken within a round (the contenders run back to back, in turns) and
 * the median of those per-round ratios is reported.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { NONCE_PREFIX_BYTES } from '../protocol/bsk1Header';
import { addEncryptedAudio } from '../core/publish/encryptedAudio';
import { encryptInThread } from '../core/publish/encryptionThread';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import { seededBytes } from '../core/storage/testSupport/testBytes';
import { heliaImportOptions } from '../core/storage/unixfsLayout';
import { printTable } from './support/benchReport';
import { startPlainHelia } from './support/plainHelia';

const FILE_BYTES = Number(process.env.BENCH_ADD_BYTES ?? 32 * 1024 * 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
/** Read as publishing reads a file. */
const READ_BYTES = 1024 * 1024;

const readFileOf = (path: string) => createReadStream(path, { highWaterMark: READ_BYTES });

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
  const audio = (path: string) => ({
    path,
    size: FILE_BYTES,
    key: randomBytes(32),
    noncePrefix: randomBytes(NONCE_PREFIX_BYTES),
  });
  try {
    const contenders = [
      {
        name: 'ours: publish = read + hash + BSK1 encrypt + add, pinned',
        add: (path: string) => addEncryptedAudio(ours, audio(path)),
      },
      {
        name: 'ours: the same pass, not pinned',
        add: (path: string) => ours.add(encryptInThread(audio(path), () => {}).pieces),
      },
      {
        name: 'ours: ContentStore.add, pinned',
        add: (path: string) => ours.add(readFileOf(path), { pin: true }),
      },
      {
        name: 'ceiling: plain Helia addByteStream + pins.add, same layout',
        add: async (path: string) => {
          const root = await plainFs.addByteStream(readFileOf(path), heliaImportOptions());
          for await (const _ of plain.helia.pins.add(root)) {
            // Each step pins one block.
          }
        },
      },
      {
        name: 'info: plain Helia addByteStream, not pinned',
        add: (path: string) => plainFs.addByteStream(readFileOf(path), heliaImportOptions()),
      },
    ];
    const rates: number[][] = contenders.map(() => []);
    // One warm-up round, not counted: module loading, first directory creation.
    for (let round = -1; round < ROUNDS; round += 1) {
      for (let turn = 0; turn < contenders.length; turn += 1) {
        const which = (Math.max(round, 0) + turn) % contenders.length;
        const path = join(workDir, `round-${round}-${which}.flac`);
        await writeFile(path, seededBytes(FILE_BYTES, `add ${round} ${which}`));
        const rate = await megabytesPerSecond(() => contenders[which]?.add(path) ?? Promise.resolve());
        await rm(path);
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
    const ratioOf = (ours: number, ceiling: number) =>
      median((rates[ours] ?? []).map((rate, round) => rate / (rates[ceiling]?.[round] ?? Number.NaN)));
    const publishRatio = ratioOf(0, 3);
    const encryptAddRatio = ratioOf(1, 4);
    printTable(
      'Add verdict (median of per-round ratios)',
      ['measure', 'value', 'budget'],
      [
        ['publish pass (pinned)/plain add + pin', publishRatio, '>= 0.7'],
        ['encrypt + add/plain add (neither pinned)', encryptAddRatio, '>= 0.7'],
        ['pinned add/plain add + pin', ratioOf(2, 3), 'info'],
        ['publish pass (pinned)/plain add, not pinned', ratioOf(0, 4), 'info'],
        ['within budget', Math.min(publishRatio, encryptAddRatio) >= 0.7 ? 'yes' : 'NO', ''],
      ],
    );
  } finally {
    await ours.close();
    await plain.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
