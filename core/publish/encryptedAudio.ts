// Publishing's one pass over an audio file: read it, hash it, encrypt it into a BSK1 container
// and add the container to the content store, pinned, without writing the container anywhere
// else. The container is deterministic (the key and the nonce prefix are kept with the job), so
// a pass redone after a crash adds the same blocks and gives the same CID.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { encryptBsk1 } from '../crypto/bsk1Encrypt';
import { Bsk1Error } from '../crypto/bsk1Error';
import type { ContentStore } from '../storage/contentStore';
import { PublishError } from './publishError';

const READ_CHUNK_BYTES = 1024 * 1024;

export interface AudioToAdd {
  path: string;
  /** The file's size when it was queued: a file that has changed size is refused. */
  size: number;
  key: Uint8Array;
  noncePrefix: Uint8Array;
}

export interface AddedAudio {
  audioCid: string;
  /** 0x-hex sha256 of the audio file as it was read. */
  contentHash: string;
}

/** Throws `PublishError('SOURCE_CHANGED')` when the file is gone or does not have the size it had. */
export async function addEncryptedAudio(
  contentStore: ContentStore,
  audio: AudioToAdd,
  onBytesRead: (bytesRead: number) => void = () => {},
): Promise<AddedAudio> {
  const hash = createHash('sha256');
  let bytesRead = 0;
  async function* hashed(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      bytesRead += chunk.length;
      onBytesRead(bytesRead);
      yield chunk;
    }
  }
  try {
    const container = encryptBsk1(hashed(reusedBufferChunks(audio.path)), {
      key: audio.key,
      plaintextLength: audio.size,
      noncePrefix: audio.noncePrefix,
    });
    const audioCid = await contentStore.add(container, { pin: true });
    return { audioCid, contentHash: `0x${hash.digest('hex')}` };
  } catch (error) {
    if (error instanceof Bsk1Error) {
      throw new PublishError(
        'SOURCE_CHANGED',
        'The file changed while Busker was encrypting it. Add it again to publish the new version.',
        { cause: error },
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(await exists(audio.path))) {
      throw new PublishError(
        'SOURCE_CHANGED',
        `The file ${audio.path} is gone, so it cannot be encrypted. Add it again to publish it.`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The file's bytes as views of one reused buffer, each valid until the next is asked for: the
 * hash and `encryptBsk1` are done with a chunk by then. A fresh buffer per read would allocate
 * the file's size once more, and that garbage costs the pass about a sixth of its time.
 */
export async function* reusedBufferChunks(path: string): AsyncGenerator<Buffer> {
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

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
