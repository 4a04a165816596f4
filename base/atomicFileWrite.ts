import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `chunks` to `path` so that `path` either gets all of them or is left as it was: the
 * bytes go to a hidden temporary file beside it, synced, then renamed over `path`. If `chunks`
 * throws, the temporary file is deleted and the error rethrown. Returns the bytes written.
 */
export async function writeFileAtomically(
  path: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { mode?: number } = {},
): Promise<number> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  const handle = await open(temporary, 'wx', options.mode);
  let written = 0;
  try {
    try {
      for await (const chunk of chunks) {
        for (let offset = 0; offset < chunk.length;) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
          offset += bytesWritten;
        }
        written += chunk.length;
      }
      // Synced before the rename, so a crash cannot leave `path` naming an empty or partial file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    return written;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
