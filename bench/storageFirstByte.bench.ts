/**
 * First byte from a loopback peer: a peer in another process holds files nobody else has; each
 * sample reads a fresh CID from offset 0 and times it until the first bytes arrive (the dial is
 * done before, so this is bitswap: want the root, get it, want the first leaf, get it).
 * Ours is `ContentStore.read` on the Helia store. The ceiling is Helia's own `unixfs.cat` on a
 * plain Helia node (same libp2p and bitswap settings, none of our wrapper) reading other fresh
 * files from the same peer; a third node with Helia's default bitswap timings shows what tuning
 * them is worth. Samples are interleaved, rotating who goes first.
 * Budget (DESIGN.md): ours ≤ 1.5 × the ceiling.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { multiaddr } from '@multiformats/multiaddr';
import { CID } from 'multiformats/cid';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import { startPeerProcess } from '../core/storage/testSupport/peerProcessClient';
import { percentile, printTable } from './support/benchReport';
import { startPlainHelia } from './support/plainHelia';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const WARMUP = 10;
/** About 25 s of a 320 kbit/s track: a root and four leaves. */
const FILE_BYTES = Number(process.env.BENCH_FILE_BYTES ?? 1024 * 1024);

interface Contender {
  name: string;
  read: (cid: string, signal: AbortSignal) => AsyncIterable<Uint8Array>;
  cids: string[];
  times: number[];
}

async function firstByteMs(source: AsyncIterable<Uint8Array>): Promise<number> {
  const start = performance.now();
  for await (const chunk of source) {
    if (chunk.byteLength > 0) return performance.now() - start;
  }
  throw new Error('The read ended without a byte.');
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'busker-peer-first-byte-bench-'));
  const peer = await startPeerProcess({ directory: join(workDir, 'peer') });
  const ours = await createHeliaContentStore({ directory: join(workDir, 'ours') });
  const ceiling = await startPlainHelia(join(workDir, 'ceiling'), { buskerBitswap: true });
  const defaults = await startPlainHelia(join(workDir, 'defaults'));
  try {
    const [address] = peer.addresses;
    if (!address) throw new Error('The peer process reported no address.');
    await ours.connectPeer(address);
    await ceiling.helia.libp2p.dial(multiaddr(address));
    await defaults.helia.libp2p.dial(multiaddr(address));
    const ceilingCat = unixfs(ceiling.helia);
    const defaultsCat = unixfs(defaults.helia);
    const contenders: Contender[] = [
      {
        name: 'ours: ContentStore.read (Helia store)',
        read: (cid, signal) => ours.read(cid, { signal }),
        cids: [],
        times: [],
      },
      {
        name: 'ceiling: plain Helia unixfs.cat, same bitswap timings',
        read: (cid, signal) => ceilingCat.cat(CID.parse(cid), { signal }),
        cids: [],
        times: [],
      },
      {
        name: 'info: plain Helia unixfs.cat, default bitswap timings',
        read: (cid, signal) => defaultsCat.cat(CID.parse(cid), { signal }),
        cids: [],
        times: [],
      },
    ];

    const total = WARMUP + SAMPLES;
    const addStart = performance.now();
    for (let index = 0; index < total; index += 1) {
      for (const [which, contender] of contenders.entries()) {
        contender.cids.push(await peer.call('addSeeded', { size: FILE_BYTES, seed: `${which} ${index}` }));
      }
    }
    const addSeconds = (performance.now() - addStart) / 1000;
    console.log(
      `the peer added ${contenders.length * total} files of ${FILE_BYTES} bytes in ${addSeconds.toFixed(1)} s`,
    );

    for (let index = 0; index < total; index += 1) {
      for (let turn = 0; turn < contenders.length; turn += 1) {
        const contender = contenders[(index + turn) % contenders.length];
        if (!contender) continue;
        const signal = AbortSignal.timeout(30_000);
        contender.times.push(await firstByteMs(contender.read(contender.cids[index] ?? '', signal)));
      }
    }

    const sorted = contenders.map((contender) => contender.times.slice(WARMUP).sort((a, b) => a - b));
    printTable(
      `First byte from a loopback peer (another process), fresh ${FILE_BYTES}-byte file per sample, ${SAMPLES} samples, ms`,
      ['path', 'p50', 'p99', 'max'],
      contenders.map((contender, index) => {
        const times = sorted[index] ?? [];
        return [contender.name, percentile(times, 0.5), percentile(times, 0.99), times.at(-1) ?? Number.NaN];
      }),
    );
    const [ourTimes = [], ceilingTimes = []] = sorted;
    const ratio50 = percentile(ourTimes, 0.5) / percentile(ceilingTimes, 0.5);
    printTable(
      'Peer first byte verdict',
      ['measure', 'value', 'budget'],
      [
        ['ours/ceiling p50', ratio50, '<= 1.5'],
        ['ours/ceiling p99', percentile(ourTimes, 0.99) / percentile(ceilingTimes, 0.99), 'info'],
        ['within budget', ratio50 <= 1.5 ? 'yes' : 'NO', ''],
      ],
    );
  } finally {
    await ours.close();
    await ceiling.stop();
    await defaults.stop();
    await peer.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
