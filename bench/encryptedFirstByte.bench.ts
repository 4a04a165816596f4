/**
 * First audio byte of a cached, unlocked catalogue track through the stream handler, at random
 * seek positions: ours (`busker://track/<id>` with a Range: Helia read of the covering blocks,
 * decrypt of the first segment) beside the ceiling, Helia's own `unixfs.cat` first byte of the
 * same container at the same offsets. Budget (DESIGN.md): p50 < 15 ms.
 * "Cold" opens the container for every request (new handler); "warm" reuses the open container,
 * as a player seeking within the track does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { CID } from 'multiformats/cid';
import type { EncryptedMedia, MediaSource } from '../core/media/mediaSource';
import { encryptBsk1 } from '../protocol/bsk1Encrypt';
import { encryptedSize } from '../protocol/bsk1Layout';
import { cutInto } from '../protocol/bsk1TestSupport';
import { createEncryptedTrackReader } from '../core/media/encryptedTrack';
import { createMediaHandler } from '../core/media/mediaHandler';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import { percentile, printTable, seededRandom } from './support/benchReport';

const TRACK_BYTES = 8 * 1024 * 1024;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'busker-first-byte-bench-'));
  const store = await createHeliaContentStore({ directory: join(workDir, 'ipfs') });
  try {
    const key = randomBytes(32);
    const plaintext = randomBytes(TRACK_BYTES);
    const cid = await store.add(encryptBsk1(cutInto(plaintext), { key, plaintextLength: plaintext.length }));
    const media: EncryptedMedia = { audioCid: cid, mime: 'audio/flac', contentKey: key };
    const source: MediaSource = {
      trackFile: () => null,
      coverImage: () => null,
      encryptedTrack: () => media,
    };
    const cat = unixfs(store.helia);
    const rootCid = CID.parse(cid);
    const random = seededRandom(7);
    const offsets = Array.from({ length: SAMPLES }, () => Math.floor(random() * (TRACK_BYTES - 1)));

    const firstChunk = async (body: AsyncIterable<Uint8Array>): Promise<number> => {
      for await (const chunk of body) {
        if (chunk.length > 0) return chunk.length;
      }
      throw new Error('empty body');
    };
    const ours = async (handler: ReturnType<typeof createMediaHandler>, offset: number) => {
      const response = await handler(
        new Request('busker://track/1', { headers: { range: `bytes=${offset}-` } }),
      );
      if (response.status !== 206) throw new Error(`status ${response.status}`);
      await firstChunk(response.body!);
      await response.body!.cancel();
    };
    const raw = async (offset: number) => {
      // The same bytes the handler must fetch: the container from the start of the covering segment.
      const segmentStart = 24 + Math.floor(offset / 65_536) * (65_536 + 16);
      await firstChunk(
        cat.cat(rootCid, { offset: segmentStart, length: encryptedSize(TRACK_BYTES) - segmentStart }),
      );
    };

    const warmHandler = createMediaHandler(source, { encryptedTracks: createEncryptedTrackReader(store) });
    for (const offset of offsets.slice(0, 20)) {
      await ours(warmHandler, offset);
      await raw(offset);
    }
    const times = { cold: [] as number[], warm: [] as number[], raw: [] as number[] };
    for (const offset of offsets) {
      let start = performance.now();
      await raw(offset);
      times.raw.push(performance.now() - start);
      start = performance.now();
      await ours(warmHandler, offset);
      times.warm.push(performance.now() - start);
      const coldHandler = createMediaHandler(source, { encryptedTracks: createEncryptedTrackReader(store) });
      start = performance.now();
      await ours(coldHandler, offset);
      times.cold.push(performance.now() - start);
    }
    for (const list of Object.values(times)) list.sort((a, b) => a - b);
    const row = (name: string, list: number[]) => [name, percentile(list, 0.5), percentile(list, 0.99)];
    printTable(
      `First byte at ${SAMPLES} random seeks into a cached ${TRACK_BYTES / 1024 / 1024} MiB track, ms`,
      ['path', 'p50', 'p99'],
      [
        row('ours: handler, container already open (seek)', times.warm),
        row('ours: handler, container opened per request', times.cold),
        row('ceiling: helia unixfs.cat of the covering bytes', times.raw),
      ],
    );
    const p50 = percentile(times.cold, 0.5);
    printTable(
      'First byte verdict',
      ['measure', 'value', 'budget'],
      [
        ['ours p50, opened per request (ms)', p50, '< 15'],
        ['ours/ceiling p50 (warm)', percentile(times.warm, 0.5) / percentile(times.raw, 0.5), 'info'],
        ['within budget', p50 < 15 ? 'yes' : 'NO', ''],
      ],
    );
  } finally {
    await store.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
