/**
 * Malformed FLAC, MP3 (ID3v2), MP4 and Ogg files, generated with fast-check from real ones:
 * truncations, overwritten bytes, lying sizes, huge and nested tags. Every import must end
 * within a time and memory bound with each file either in the library or reported in words.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { openLibraryDatabase } from './database';
import { LibraryImporter } from './libraryImporter';
import { TagThreads, defaultTagThreadSettings } from './tagThreads';
import { flacCommentBomb, id3FrameBomb, mp4ItemBomb } from './testSupport/tagBombs';
import { writeTone } from '../../testkit/audioFixtures';
import { TrackRepo } from './trackRepo';

const MIB = 1024 * 1024;
const KINDS = ['flac', 'mp3', 'm4a', 'ogg'] as const;
type Kind = (typeof KINDS)[number];
const IMPORT_BOUND_MS = 20_000;
const knownCodes = new Set(['NOT_AUDIO', 'UNREADABLE', 'CORRUPT', 'TOO_LARGE', 'TAGS_TOO_LARGE', 'TOO_SLOW']);

let workDir: string;
const good = {} as Record<Kind, Buffer>;
let threads: TagThreads;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'busker-fuzz-'));
  for (const kind of KINDS) {
    await writeTone(join(workDir, `good.${kind}`), `Good ${kind}`);
    good[kind] = await readFile(join(workDir, `good.${kind}`));
  }
  threads = new TagThreads({ ...defaultTagThreadSettings, threads: 1, deadlineMs: 2_000 });
});

after(async () => {
  await threads.close();
  await rm(workDir, { recursive: true, force: true });
});

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'lyingSize'; which: number; value: number }
  | { kind: 'hugeTag'; bytes: number }
  | { kind: 'nested'; depth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({
    kind: fc.constant('lyingSize' as const),
    which: fc.nat({ max: 3 }),
    value: fc.oneof(fc.constantFrom(0, 1, 7, 8, 0x7f7f7f7f, 0xffffffff), fc.nat()),
  }),
  fc.record({ kind: fc.constant('hugeTag' as const), bytes: fc.integer({ min: 1024, max: 4 * MIB }) }),
  fc.record({ kind: fc.constant('nested' as const), depth: fc.integer({ min: 1, max: 20_000 }) }),
);

/** Offsets of the size fields a parser trusts, per format. */
function sizeFields(kind: Kind, bytes: Buffer): Array<{ at: number; width: number }> {
  const fields: Array<{ at: number; width: number }> = [];
  if (kind === 'flac') fields.push({ at: 5, width: 3 }, { at: 4 + 4 + 34 + 1, width: 3 });
  if (kind === 'mp3') fields.push({ at: 6, width: 4 }, { at: 14, width: 4 });
  if (kind === 'm4a') {
    for (let at = 0; at + 8 <= bytes.length && fields.length < 4;) {
      fields.push({ at, width: 4 });
      const size = bytes.readUInt32BE(at);
      if (size < 8) break;
      at += size;
    }
  }
  if (kind === 'ogg') {
    for (let at = bytes.indexOf('OggS'); at >= 0 && fields.length < 4; at = bytes.indexOf('OggS', at + 4)) {
      fields.push({ at: at + 26, width: 1 }, { at: at + 27, width: 1 });
    }
  }
  return fields.filter((field) => field.at + field.width <= bytes.length);
}

function nestedBoxes(depth: number): Buffer {
  // udta inside udta inside …, innermost first; each level adds an 8-byte header.
  let body = Buffer.alloc(0);
  for (let level = 0; level < depth; level += 1) {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(8 + body.length);
    header.write(level % 2 ? 'udta' : 'meta', 4, 'latin1');
    body = Buffer.concat([header, body]);
  }
  return body;
}

function mutate(kind: Kind, change: Mutation): Buffer {
  const bytes = Buffer.from(good[kind]);
  switch (change.kind) {
    case 'truncate':
      return bytes.subarray(0, Math.floor(change.at * bytes.length));
    case 'overwrite': {
      const at = Math.floor(change.at * Math.max(0, bytes.length - change.bytes.length));
      Buffer.from(change.bytes).copy(bytes, at);
      return bytes;
    }
    case 'lyingSize': {
      const fields = sizeFields(kind, bytes);
      const field = fields[change.which % Math.max(1, fields.length)];
      if (field) bytes.writeUIntBE(change.value % 2 ** (8 * field.width), field.at, field.width);
      return bytes;
    }
    case 'hugeTag':
      if (kind === 'flac') return flacCommentBomb(bytes, change.bytes);
      if (kind === 'mp3') return id3FrameBomb(bytes, change.bytes);
      if (kind === 'm4a') return mp4ItemBomb(bytes, change.bytes);
      return Buffer.concat([bytes, Buffer.alloc(change.bytes, 0x41)]); // a long tail of junk after the stream
    case 'nested':
      if (kind === 'm4a') {
        // Deeply nested boxes at the end of moov (the last box), its size grown to match.
        const nested = nestedBoxes(change.depth);
        const moovAt = bytes.lastIndexOf('moov') - 4;
        bytes.writeUInt32BE(bytes.length - moovAt + nested.length, moovAt);
        return Buffer.concat([bytes, nested]);
      }
      if (kind === 'mp3') {
        // ID3v2 frames declaring sub-frames (CHAP) that each hold the next.
        const depth = Math.min(change.depth, 2_000);
        let frame = Buffer.alloc(0);
        for (let level = 0; level < depth; level += 1) {
          const body = Buffer.concat([Buffer.from(`c${level}\0`), Buffer.alloc(16), frame]);
          const header = Buffer.alloc(10);
          header.write('CHAP', 0, 'latin1');
          header.writeUInt32BE(body.length, 4);
          frame = Buffer.concat([header, body]);
        }
        const size = frame.length;
        const tagHeader = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
        tagHeader.writeUInt8((size >> 21) & 0x7f, 6);
        tagHeader.writeUInt8((size >> 14) & 0x7f, 7);
        tagHeader.writeUInt8((size >> 7) & 0x7f, 8);
        tagHeader.writeUInt8(size & 0x7f, 9);
        return Buffer.concat([tagHeader, frame, bytes]);
      }
      return Buffer.concat([
        bytes.subarray(0, 4),
        bytes.subarray(4).subarray(0, change.depth % bytes.length),
      ]);
  }
}

let run = 0;

test('malformed files of every format: each import ends in time and memory, every file imported or reported', async (t) => {
  let slowest = 0;
  let peakRss = 0;
  await fc.assert(
    fc.asyncProperty(fc.tuple(mutation, mutation, mutation, mutation), async (changes) => {
      run += 1;
      const folder = join(workDir, `run-${run}`);
      await mkdir(folder);
      for (const [index, kind] of KINDS.entries()) {
        await writeFile(join(folder, `fuzzed.${kind}`), mutate(kind, changes[index] as Mutation));
      }
      const db = openLibraryDatabase(join(workDir, `run-${run}.sqlite`));
      let rss = process.memoryUsage.rss();
      const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage.rss())), 20);
      try {
        const importer = new LibraryImporter(new TrackRepo(db), {
          concurrency: 8,
          batchSize: 10,
          progressIntervalMs: 0,
          tagThreads: threads,
        });
        const started = performance.now();
        const summary = await importer.importFolder(folder);
        const elapsed = performance.now() - started;
        slowest = Math.max(slowest, elapsed);
        peakRss = Math.max(peakRss, rss);
        assert.ok(elapsed < IMPORT_BOUND_MS, `the import took ${Math.round(elapsed)} ms`);
        assert.ok(rss < 512 * MIB, `the process reached ${Math.round(rss / MIB)} MiB`);
        assert.equal(summary.added + summary.issues.length, KINDS.length, JSON.stringify(summary.issues));
        for (const issue of summary.issues) {
          assert.ok(knownCodes.has(issue.code), issue.code);
          assert.match(issue.reason, /^[A-Z].{20,}\.$/, issue.reason);
        }
      } finally {
        clearInterval(sampler);
        db.close();
        await rm(folder, { recursive: true, force: true });
      }
    }),
    { numRuns: 12 },
  );
  t.diagnostic(
    `${run} imports; slowest ${Math.round(slowest)} ms, peak RSS ${Math.round(peakRss / MIB)} MiB`,
  );
});
