/**
 * A file opened for reading by its bare descriptor. The import opens every file once, and
 * `fs/promises`' FileHandle costs far more per open and close than the descriptor calls
 * themselves (an object with its own close promise and a GC finalizer for each file).
 */
import { close, open, read } from 'node:fs';
import type { PositionalReader } from './fileHandleTokenizer';

export interface OpenFile extends PositionalReader {
  readonly fd: number;
  close(): Promise<void>;
}

/** Positioned reads on a descriptor someone else opened and closes (the tag threads use it too). */
export function descriptorReader(fd: number): PositionalReader {
  return {
    read: (buffer, offset, length, position) =>
      new Promise((resolve, reject) =>
        read(fd, buffer, offset, length, position, (error, bytesRead) =>
          error ? reject(error) : resolve({ bytesRead }),
        ),
      ),
  };
}

export function openForReading(path: string, flags: number | string = 'r'): Promise<OpenFile> {
  return new Promise((resolve, reject) =>
    open(path, flags, (error, fd) => {
      if (error) return reject(error);
      let closed: Promise<void> | null = null;
      resolve({
        fd,
        ...descriptorReader(fd),
        close: () =>
          (closed ??= new Promise<void>((done, fail) =>
            close(fd, (closeError) => (closeError ? fail(closeError) : done())),
          )),
      });
    }),
  );
}
