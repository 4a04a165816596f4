// Publishing's one pass over an audio file: read it, hash it, encrypt it into a BSK1 container
// and add the container to the content store, pinned, without writing the container anywhere
// else. The container is deterministic (the key and the nonce prefix are kept with the job), so
// a pass redone after a crash adds the same blocks and gives the same CID.
import { stat } from 'node:fs/promises';
import type { ContentStore } from '../storage/contentStore';
import { EncryptionError, encryptInThread, type AudioToEncrypt } from './encryptionThread';
import { PublishError } from './publishError';

/** `size` is the file's size when it was queued: a file that has changed size is refused. */
export type AudioToAdd = AudioToEncrypt;

export interface AddedAudio {
  audioCid: string;
  /** 0x-hex sha256 of the audio file as it was read. */
  contentHash: string;
}

/**
 * Encrypts the file (in the encryption thread) straight into `contentStore`, pinned. Throws
 * `PublishError('SOURCE_CHANGED')` when the file is gone or does not have the size it had.
 */
export async function addEncryptedAudio(
  contentStore: ContentStore,
  audio: AudioToAdd,
  onBytesRead: (bytesRead: number) => void = () => {},
): Promise<AddedAudio> {
  const pass = encryptInThread(audio, onBytesRead);
  try {
    const audioCid = await contentStore.add(pass.pieces, { pin: true });
    return { audioCid, contentHash: await pass.contentHash };
  } catch (error) {
    if (error instanceof EncryptionError && error.name === 'Bsk1Error') {
      throw new PublishError(
        'SOURCE_CHANGED',
        'The file changed while Busker was encrypting it. Add it again to publish the new version.',
        { cause: error },
      );
    }
    if (error instanceof EncryptionError && error.code === 'ENOENT' && !(await exists(audio.path))) {
      throw new PublishError(
        'SOURCE_CHANGED',
        `The file ${audio.path} is gone, so it cannot be encrypted. Add it again to publish it.`,
        { cause: error },
      );
    }
    throw error;
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
