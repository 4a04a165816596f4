// The worker thread tags are parsed in (see tagThreads.ts): music-metadata runs here, under the
// thread's memory limits, so a hostile file can exhaust or stall only this thread, which the
// main thread then ends and replaces. The file was opened by the main thread: its descriptor is
// shared with this thread (one process), so each file is still opened once.
import { parentPort } from 'node:worker_threads';
import { descriptorReader } from './openFile';
import { readTrackTags, toReadError } from './tagReader';
import type { FromTagWorker, TagWorkerJob } from './tagThreads';

async function parse(job: TagWorkerJob): Promise<void> {
  let message: FromTagWorker;
  const transfer: ArrayBuffer[] = [];
  try {
    const tags = await readTrackTags(descriptorReader(job.fd), job.path, job.size, job.sniffed, job.head);
    if (tags.cover) {
      // The picture may be a view into the whole tag's buffer: hand over only its own bytes.
      const bytes = new Uint8Array(tags.cover.bytes);
      tags.cover = { ...tags.cover, bytes };
      transfer.push(bytes.buffer);
    }
    message = { id: job.id, tags };
  } catch (error) {
    const { code, reason } = toReadError(error);
    message = { id: job.id, error: { code, reason } };
  }
  parentPort?.postMessage(message, transfer);
}

parentPort?.on('message', (job: TagWorkerJob) => void parse(job));
parentPort?.postMessage('ready' satisfies FromTagWorker);
