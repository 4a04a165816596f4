/**
 * `runLoad` on a thread of its own. A benchmark's client stands for other machines: in the
 * server's own event loop its parsing would take turns with the server it measures, and every
 * server would look slower by the client's share.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { runLoad } from './keepAliveClient';
import type { LoadResult } from './keepAliveClient';

interface LoadJob {
  url: string;
  requests: readonly Uint8Array[];
  clients: number;
  expectedStatus: number;
}

export class LoadThread {
  private readonly worker = new Worker(new URL(import.meta.url), { workerData: { loadThread: true } });

  run(url: URL, requests: readonly Buffer[], clients: number, expectedStatus = 200): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.worker.once('error', onError);
      this.worker.once('message', (answer: { result?: LoadResult; error?: string }) => {
        this.worker.off('error', onError);
        if (answer.result) resolve(answer.result);
        else reject(new Error(answer.error ?? 'The load thread answered nothing.'));
      });
      const job: LoadJob = { url: url.href, requests, clients, expectedStatus };
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread && (workerData as { loadThread?: boolean } | null)?.loadThread) {
  parentPort?.on('message', (job: LoadJob) => {
    const requests = job.requests.map((bytes) =>
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    runLoad(new URL(job.url), requests, job.clients, job.expectedStatus).then(
      (result) => parentPort?.postMessage({ result }),
      (error: unknown) => parentPort?.postMessage({ error: String(error) }),
    );
  });
}
