/**
 * First audio byte from a loopback peer: a peer in another process holds encrypted tracks (BSK1
 * containers) that no other node has seen. Each round takes one fresh track and times, on two
 * listener nodes that have never seen its blocks, the first byte of the same CID:
 *  - ours: the stream handler (`busker://track/<id>`, `Range: bytes=0-` as a player asks), over
 *    the Helia content store: the container's root and first leaf fetched by bitswap, the header
 *    parsed, the first segment authenticated and decrypted;
 *  - the ceiling: Helia's own `unixfs.cat` of that CID on a plain Helia node (same libp2p setup,
 *    none of our wrapper), until its first byte.
 * Every node (the peer, ours, the ceiling) runs Busker's tuned bitswap timings (`bitswapOptions`:
 * 1 ms want and block debounce), so both paths pay the same network. Rounds alternate which goes
 * first, so neither always finds the peer's disk cache warmer. The dials are made before.
 * Budget (DESIGN.md): ours ≤ 1.5 × the ceiling (p50).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { multiaddr } from '@multiformats/multiaddr';
import { CID } from 'multiformats/cid';
import type { EncryptedMedia, MediaSource } from '../core/media/mediaSource';
import { DEFAULT_CACHE_LIMIT_BYTES } from '../core/app/marketSettings';
import { encryptBsk1 } from '../protocol/bsk1Encrypt';
import { collect, cutInto } from '../protocol/bsk1TestSupport';
import { createEncryptedTrackReader } from '../core/media/encryptedTrack';
import { createMediaHandler } from '../core/media/mediaHandler';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import { startPeerProcess } from '../core/storage/testSupport/peerProcessClient';
import { percentile, printTable } from './support/benchReport';
import { startPlainHelia } from './support/plainHelia';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const WARMUP = 10;
/** About 25 s of a 320 kbit/s track: a root and four leaves. */
const TRACK_BYTES = Number(process.env.BENCH_FILE_BYTES ?? 1024 * 1024);

async function firstByteMs(start: number, source: AsyncIterable<Uint8Array>): Promise<number> {
  for await (const chunk of source) {
    if (chunk.byteLength > 0) return performance.now() - start;
  }
  throw new Error('The read ended without a byte.');
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'busker-peer-first-byte-bench-'));
  const peer = await startPeerProcess({ directory: join(workDir, 'peer') });
  // The app's default limit, so the cache-limit bookkeeping on each read is part of what is timed.
  const ours = await createHeliaContentStore({
    directory: join(workDir, 'ours'),
    cacheLimitBytes: DEFAULT_CACHE_LIMIT_BYTES,
  });
  const ceiling = await startPlainHelia(join(workDir, 'ceiling'), { buskerBitswap: true });
  try {
    const [address] = peer.addresses;
    if (!address) throw new Error('The peer process reported no address.');
    await ours.connectPeer(address);
    await ceiling.helia.libp2p.dial(multiaddr(address));

    const total = WARMUP + SAMPLES;
    const key = randomBytes(32);
    const tracks: EncryptedMedia[] = [];
    const containers = join(workDir, 'containers');
    await mkdir(containers);
    const addStart = performance.now();
    for (let index = 0; index < total; index += 1) {
      const container = join(containers, `${index}.bsk1`);
      const plaintext = randomBytes(TRACK_BYTES);
      await writeFile(
        container,
        await collect(encryptBsk1(cutInto(plaintext), { key, plaintextLength: plaintext.length })),
      );
      const audioCid = await peer.call('addFile', { path: container });
      await rm(container);
      tracks.push({ audioCid, mime: 'audio/mpeg', contentKey: key });
    }
    const addSeconds = (performance.now() - addStart) / 1000;
    console.log(
      `the peer added ${total} encrypted tracks of ${TRACK_BYTES} bytes in ${addSeconds.toFixed(1)} s`,
    );

    // Track ids are 1-based: track n is tracks[n - 1].
    const source: MediaSource = {
      trackFile: () => null,
      coverImage: () => null,
      encryptedTrack: (id) => tracks[id - 1] ?? null,
    };
    const handler = createMediaHandler(source, { encryptedTracks: createEncryptedTrackReader(ours) });
    const cat = unixfs(ceiling.helia);

    const oursFirstByte = async (index: number): Promise<number> => {
      const start = performance.now();
      const response = await handler(
        new Request(`busker://track/${index + 1}`, { headers: { range: 'bytes=0-' } }),
      );
      if (response.status !== 206 || !response.body) throw new Error(`status ${response.status}`);
      const reader = response.body.getReader();
      const first = await reader.read();
      const ms = performance.now() - start;
      if (first.done || first.value.byteLength === 0) throw new Error('The response had no first byte.');
      await reader.cancel();
      return ms;
    };
    const ceilingFirstByte = async (index: number): Promise<number> => {
      const root = CID.parse(tracks[index]?.audioCid ?? '');
      return firstByteMs(performance.now(), cat.cat(root, { signal: AbortSignal.timeout(30_000) }));
    };

    const times = { ours: [] as number[], ceiling: [] as number[] };
    for (let index = 0; index < total; index += 1) {
      if (index % 2 === 0) {
        times.ours.push(await oursFirstByte(index));
        times.ceiling.push(await ceilingFirstByte(index));
      } else {
        times.ceiling.push(await ceilingFirstByte(index));
        times.ours.push(await oursFirstByte(index));
      }
    }

    const ourTimes = times.ours.slice(WARMUP).sort((a, b) => a - b);
    const ceilingTimes = times.ceiling.slice(WARMUP).sort((a, b) => a - b);
    const row = (name: string, list: number[]) => [
      name,
      percentile(list, 0.5),
      percentile(list, 0.99),
      list.at(-1) ?? Number.NaN,
    ];
    printTable(
      `First byte of a fresh ${TRACK_BYTES}-byte encrypted track from a loopback peer (another process), same CID both ways, ${SAMPLES} rounds, ms`,
      ['path', 'p50', 'p99', 'max'],
      [
        row('ours: stream handler, decrypted audio (Helia store)', ourTimes),
        row('ceiling: plain Helia unixfs.cat of the same CID', ceilingTimes),
      ],
    );
    const ratio50 = percentile(ourTimes, 0.5) / percentile(ceilingTimes, 0.5);
    printTable(
      'Peer first byte verdict (bitswap: Busker tuned timings on every node)',
      ['measure', 'value', 'budget'],
      [
        ['ours p50 (ms)', percentile(ourTimes, 0.5), 'info'],
        ['ceiling p50 (ms)', percentile(ceilingTimes, 0.5), 'info'],
        ['ours/ceiling p50', ratio50, '<= 1.5'],
        ['ours/ceiling p99', percentile(ourTimes, 0.99) / percentile(ceilingTimes, 0.99), 'info'],
        ['within budget', ratio50 <= 1.5 ? 'yes' : 'NO', ''],
      ],
    );
  } finally {
    await ours.close();
    await ceiling.stop();
    await peer.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
