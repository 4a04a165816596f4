// The jobs loop of the tag thread (tagWorker.ts loads it): sniffing, the caps and music-metadata
// run here, under the thread's memory limits, so a hostile file can exhaust or stall only this
// thread, which the main thread then ends and replaces. The file was opened by the main thread:
// its descriptor is shared with this thread (one process), so each file is still opened once.
// Files are read one after another with synchronous reads: this thread has nothing else to do
// while it waits, and each asynchronous read cost a hand-off to libuv's pool and back.
import { readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { HEAD_BYTES, sniffFile } from './audioSniffer';
import type { PositionalReader } from './fileHandleTokenizer';
import { checkTagCaps } from './tagCaps';
import { readTrackTags, toReadError } from './tagReader';
import type { FromTagWorker, TagWorkerAnswer, TagWorkerJob } from './tagThreads';

/** Answers sent together, or fewer when this long has passed: the main thread's clock sees progress. */
const ANSWERS_PER_MESSAGE = 8;
const MESSAGE_EVERY_MS = 50;

// One file at a time, so one buffer serves every file's head (the parse copies what it keeps).
const headBuffer = Buffer.allocUnsafe(HEAD_BYTES);
const queue: TagWorkerJob[] = [];
let reading = false;

function syncReader(fd: number): PositionalReader {
  return {
    read: async (buffer, offset, length, position) => ({
      bytesRead: readSync(fd, buffer, offset, length, position),
    }),
  };
}

async function readOne(job: TagWorkerJob, transfer: ArrayBuffer[]): Promise<TagWorkerAnswer> {
  try {
    const reader = syncReader(job.fd);
    const { sniffed, head } = await sniffFile(reader, job.size, headBuffer);
    if (!sniffed.audio) return { id: job.id, audio: false, looksLike: sniffed.looksLike };
    if (job.checkCaps !== false) await checkTagCaps(reader, job.size, sniffed.kind, head);
    const tags = await readTrackTags(reader, job.path, job.size, sniffed, head);
    if (tags.cover) {
      // The picture may be a view into the whole tag's buffer: hand over only its own bytes.
      const bytes = new Uint8Array(tags.cover.bytes);
      tags.cover = { ...tags.cover, bytes };
      transfer.push(bytes.buffer);
    }
    return { id: job.id, audio: true, sniffed, tags };
  } catch (error) {
    const { code, reason } = toReadError(error);
    return { id: job.id, error: { code, reason } };
  }
}

async function readQueued(): Promise<void> {
  if (reading) return;
  reading = true;
  let answers: TagWorkerAnswer[] = [];
  let transfer: ArrayBuffer[] = [];
  let sentAt = performance.now();
  const send = () => {
    parentPort?.postMessage(answers satisfies FromTagWorker, transfer);
    answers = [];
    transfer = [];
    sentAt = performance.now();
  };
  try {
    for (let job = queue.shift(); job; job = queue.shift()) {
      answers.push(await readOne(job, transfer));
      if (answers.length >= ANSWERS_PER_MESSAGE || performance.now() - sentAt >= MESSAGE_EVERY_MS) send();
    }
    if (answers.length > 0) send();
  } finally {
    reading = false;
  }
}

parentPort?.on('message', (jobs: TagWorkerJob[]) => {
  queue.push(...jobs);
  void readQueued();
});
parentPort?.postMessage('ready' satisfies FromTagWorker);
