// The worker thread publishing encrypts in (see encryptionThread.ts): it reads an audio file,
// hashes it and encrypts it into a BSK1 container, and hands the container on in 1 MiB pieces,
// transferred rather than copied. Off the thread that adds the blocks, the encryption and the
// garbage its per-segment buffers make no longer slow the add.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { encryptBsk1 } from '../../protocol/bsk1Encrypt';
import { largePieces } from '../storage/largePieces';
import type { EncryptionJob, FromEncryption, ToEncryption } from './encryptionThread';

const READ_CHUNK_BYTES = 1024 * 1024;
/** Pieces sent before the consumer asks for more: 8 MiB in flight at most. */
const PIECES_AHEAD = 8;

parentPort?.on('message', ({ audio, port }: EncryptionJob) => void encrypt(audio, port));

async function encrypt(audio: EncryptionJob['audio'], port: MessagePort): Promise<void> {
  const send = (message: FromEncryption, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  let credit = PIECES_AHEAD;
  let stopped = false;
  let wake = () => {};
  port.on('message', (message: ToEncryption) => {
    if (message === 'stop') stopped = true;
    else credit += 1;
    wake();
  });
  const hash = createHash('sha256');
  let bytesRead = 0;
  async function* hashed(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      bytesRead += chunk.length;
      yield chunk;
    }
  }
  try {
    const container = encryptBsk1(hashed(reusedBufferChunks(audio.path)), {
      key: audio.key,
      plaintextLength: audio.size,
      noncePrefix: audio.noncePrefix,
    });
    for await (const piece of largePieces(container)) {
      while (credit === 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) return;
      credit -= 1;
      // A piece that is not its whole buffer (the last one) is copied, so only it is handed over.
      const whole =
        piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength
          ? piece
          : new Uint8Array(piece);
      send({ piece: whole, bytesRead }, [whole.buffer as ArrayBuffer]);
    }
    send({ contentHash: `0x${hash.digest('hex')}` });
  } catch (error) {
    const { name, message, code } = error as NodeJS.ErrnoException;
    send({ error: { name: String(name), message: String(message), code } });
  } finally {
    audio.key.fill(0);
    port.close();
  }
}

/**
 * The file's bytes as views of one reused buffer, each valid until the next is asked for: the
 * hash and `encryptBsk1` are done with a chunk by then. A fresh buffer per read would allocate
 * the file's size once more, and that garbage costs the pass about a sixth of its time.
 */
async function* reusedBufferChunks(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
