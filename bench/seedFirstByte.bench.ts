/**
 * A listener's first audio byte from a seed: a real seed (startSeed, against anvil) holds
 * encrypted tracks (BSK1 containers) that no listener has seen. Each round takes one fresh track
 * and times, on two nodes that have never seen its blocks, the first byte of the same CID:
 *  - ours: the listener's media path: the stream handler (`busker://track/<id>`, `Range: bytes=0-`)
 *    over the app's content store (openAppContentStore on a network naming this seed: kept
 *    connected to it, its gateway as the fallback), the header parsed, the first segment decrypted;
 *  - the ceiling: Helia's own `unixfs.cat` of that CID on a fresh plain Helia peer dialled to the
 *    seed (Busker's bitswap timings, as the seed's), until its first byte.
 * Rounds alternate which goes first, so neither always finds the seed's disk cache warmer.
 * BENCH_NO_GATEWAY=1 leaves the seed's gateway out of our network (bitswap only), to see what the
 * gateway fallback costs.
 * Budget (issue #21): ours ≤ 1.5 × the ceiling (p50).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { multiaddr } from '@multiformats/multiaddr';
import { CID } from 'multiformats/cid';
import type { EncryptedMedia, MediaSource } from '../core/media/mediaSource';
import { openAppContentStore } from '../core/app/appContentStore';
import { startContractFixture } from '../testkit/contractFixture';
import { createEncryptedTrackReader } from '../core/media/encryptedTrack';
import { createMediaHandler } from '../core/media/mediaHandler';
import { encryptBsk1 } from '../protocol/bsk1Encrypt';
import { collect, cutInto } from '../protocol/bsk1TestSupport';
import { startSeed } from '../seed/seedServer';
import { percentile, printTable } from './support/benchReport';
import { startPlainHelia } from './support/plainHelia';
import { testSeedConfig } from '../seed/testing/testSeed';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const WARMUP = 5;
/** About 25 s of a 320 kbit/s track: a root and four leaves. */
const TRACK_BYTES = Number(process.env.BENCH_FILE_BYTES ?? 1024 * 1024);

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const loadBefore = load();
  const workDir = await mkdtemp(join(tmpdir(), 'busker-seed-first-byte-bench-'));
  const fixture = await startContractFixture();
  const seed = await startSeed(testSeedConfig(fixture, join(workDir, 'seed')));
  const ours = await openAppContentStore({
    dataDir: join(workDir, 'listener'),
    network: {
      seeds: [
        {
          multiaddrs: seed.multiaddrs,
          ...(process.env.BENCH_NO_GATEWAY ? {} : { gateway: seed.gatewayUrl }),
        },
      ],
      publicIpfs: false,
    },
  });
  const ceiling = await startPlainHelia(join(workDir, 'ceiling'), { buskerBitswap: true });
  try {
    const [address] = seed.multiaddrs;
    if (!address) throw new Error('The seed reported no address.');
    await ours.connectPeer(address);
    await ceiling.helia.libp2p.dial(multiaddr(address));

    const total = WARMUP + SAMPLES;
    const key = randomBytes(32);
    const tracks: EncryptedMedia[] = [];
    const addStart = performance.now();
    for (let index = 0; index < total; index += 1) {
      const plaintext = randomBytes(TRACK_BYTES);
      const container = await collect(
        encryptBsk1(cutInto(plaintext), { key, plaintextLength: plaintext.length }),
      );
      const audioCid = await seed.content.add([container], { pin: true });
      tracks.push({ audioCid, mime: 'audio/mpeg', contentKey: key });
    }
    console.log(
      `the seed holds ${total} encrypted tracks of ${TRACK_BYTES} bytes (added in ${((performance.now() - addStart) / 1000).toFixed(1)} s)`,
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
      const start = performance.now();
      const root = CID.parse(tracks[index]?.audioCid ?? '');
      for await (const chunk of cat.cat(root, { signal: AbortSignal.timeout(30_000) })) {
        if (chunk.byteLength > 0) return performance.now() - start;
      }
      throw new Error('The read ended without a byte.');
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
      `First byte of a fresh ${TRACK_BYTES}-byte encrypted track from a seed, same CID both ways, ${SAMPLES} rounds, ms`,
      ['path', 'p50', 'p99', 'max'],
      [
        row("ours: listener's media path (app content store, decrypted)", ourTimes),
        row('ceiling: fresh plain Helia unixfs.cat from the seed', ceilingTimes),
      ],
    );
    const ratio50 = percentile(ourTimes, 0.5) / percentile(ceilingTimes, 0.5);
    printTable(
      'Seed first byte verdict',
      ['measure', 'value', 'budget'],
      [
        ['ours p50 (ms)', percentile(ourTimes, 0.5), 'info'],
        ['ceiling p50 (ms)', percentile(ceilingTimes, 0.5), 'info'],
        ['ours/ceiling p50', ratio50, '<= 1.5'],
        ['ours/ceiling p99', percentile(ourTimes, 0.99) / percentile(ceilingTimes, 0.99), 'info'],
        ['within budget', ratio50 <= 1.5 ? 'yes' : 'NO', ''],
      ],
    );
    // The machine may be shared: a loaded one stretches both paths, and not by the same factor.
    console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after`);
  } finally {
    await ours.close();
    await ceiling.stop();
    await seed.close();
    await fixture.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
