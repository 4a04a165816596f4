// Publishing encrypts in a worker thread (encryptionWorker.ts), one started on first use and kept
// for later passes (unref'd, so it never keeps the process alive). Each pass has its own message
// channel: the worker sends the container in 1 MiB pieces, a few ahead of the add that takes
// them, then the file's hash; a consumer that stops early stops the worker's pass too.
import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

export interface AudioToEncrypt {
  path: string;
  /** Exactly how many bytes the file must have. */
  size: number;
  key: Uint8Array;
  noncePrefix: Uint8Array;
}

export interface EncryptionJob {
  audio: AudioToEncrypt;
  port: MessagePort;
}

export type FromEncryption =
  | { piece: Uint8Array; bytesRead: number }
  | { contentHash: string }
  | { error: { name: string; message: string; code?: string } };

export type ToEncryption = 'more' | 'stop';

export interface EncryptionPass {
  /** The container, in order. */
  pieces: AsyncGenerator<Uint8Array>;
  /** 0x-hex sha256 of the file as read; settles once `pieces` has ended (or failed). */
  contentHash: Promise<string>;
}

/** A failure inside the worker, rebuilt with the name, message and code it had there. */
export class EncryptionError extends Error {
  constructor(
    name: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = name;
  }
}

let thread: { worker: Worker; failed: Promise<never> } | undefined;

function encryptionThread(): NonNullable<typeof thread> {
  if (thread) return thread;
  // From source (tests, `tsx`) the worker is the .ts beside this file, loaded by the same
  // loader; bundled, it is built beside the bundle as encryptionWorker.js (scripts/build.mjs).
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = new Worker(
    new URL(fromSource ? './encryptionWorker.ts' : './encryptionWorker.js', import.meta.url),
  );
  worker.unref();
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The encryption thread stopped (exit code ${code}).`)));
  });
  failed.catch(() => {
    if (thread?.worker === worker) thread = undefined;
  });
  thread = { worker, failed };
  return thread;
}

/** Starts encrypting `audio` in the worker thread; the key is copied to it and wiped there after. */
export function encryptInThread(
  audio: AudioToEncrypt,
  onBytesRead: (bytesRead: number) => void,
): EncryptionPass {
  const { worker, failed } = encryptionThread();
  const { port1: port, port2 } = new MessageChannel();
  const messages: FromEncryption[] = [];
  let wake = () => {};
  port.on('message', (message: FromEncryption) => {
    messages.push(message);
    wake();
  });
  let settleHash: { resolve(hash: string): void; reject(error: unknown): void } = {
    resolve: () => {},
    reject: () => {},
  };
  const contentHash = new Promise<string>((resolve, reject) => (settleHash = { resolve, reject }));
  contentHash.catch(() => undefined); // also reported through `pieces`
  // A copy of the key is moved to the worker, so no other bytes sharing its buffer travel with it.
  const key = new Uint8Array(audio.key);
  const job: EncryptionJob = { audio: { ...audio, key }, port: port2 };
  worker.postMessage(job, [port2, key.buffer]);

  async function* pieces(): AsyncGenerator<Uint8Array> {
    let finished = false;
    try {
      for (;;) {
        const message = messages.shift() ?? (await Promise.race([nextMessage(), failed]));
        if ('piece' in message) {
          port.postMessage('more' satisfies ToEncryption);
          onBytesRead(message.bytesRead);
          yield message.piece;
        } else if ('contentHash' in message) {
          finished = true;
          settleHash.resolve(message.contentHash);
          return;
        } else {
          finished = true;
          throw new EncryptionError(message.error.name, message.error.message, message.error.code);
        }
      }
    } catch (error) {
      settleHash.reject(error);
      throw error;
    } finally {
      if (!finished) {
        port.postMessage('stop' satisfies ToEncryption);
        settleHash.reject(new Error('The encryption pass was stopped before the end.'));
      }
      port.close();
    }
  }

  function nextMessage(): Promise<FromEncryption> {
    return new Promise((resolve) => {
      wake = () => {
        wake = () => {};
        resolve(messages.shift() as FromEncryption);
      };
    });
  }

  return { pieces: pieces(), contentHash };
}
