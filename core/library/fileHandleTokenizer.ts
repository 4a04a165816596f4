/**
 * A random-access strtok3 tokenizer over a file handle the caller opened and will close, so the
 * importer opens each file once for sniffing and parsing. It mirrors strtok3's own
 * `FileTokenizer` (whose constructor is not public and whose module the "bundler" type
 * resolution cannot see), plus one thing: reads inside `head`, the file's first bytes that the
 * sniffer already read in one go, are served from memory. Parsers read headers in many small
 * tokens, and each async read costs far more than the copy.
 */
import { AbstractTokenizer, EndOfStreamError } from 'strtok3/core';
import type { IRandomAccessFileInfo, IRandomAccessTokenizer, IReadChunkOptions } from 'strtok3/core';

/** What the tokenizer needs of a file: positioned reads (a FileHandle, or a bare descriptor's). */
export interface PositionalReader {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

export class FileHandleTokenizer extends AbstractTokenizer implements IRandomAccessTokenizer {
  constructor(
    private readonly handle: PositionalReader,
    public fileInfo: IRandomAccessFileInfo,
    private readonly head: Uint8Array = new Uint8Array(0),
  ) {
    super();
  }

  override async readBuffer(buffer: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const normalized = this.normalizeOptions(buffer, options);
    this.position = normalized.position;
    return this.readAt(buffer, normalized, true);
  }

  override async peekBuffer(buffer: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    return this.readAt(buffer, this.normalizeOptions(buffer, options), false);
  }

  setPosition(position: number): void {
    this.validateLength(position, 'position');
    this.position = position;
  }

  override supportsRandomAccess(): boolean {
    return true;
  }

  private async readAt(
    buffer: Uint8Array,
    options: { length: number; position: number; mayBeLess?: boolean },
    advance: boolean,
  ): Promise<number> {
    let bytesRead = 0;
    if (options.position < this.head.length) {
      const end = Math.min(this.head.length, options.position + options.length);
      buffer.set(this.head.subarray(options.position, end), 0);
      bytesRead = end - options.position;
      if (advance) this.position += bytesRead;
    }
    while (bytesRead < options.length) {
      const result = await this.handle.read(
        buffer,
        bytesRead,
        options.length - bytesRead,
        options.position + bytesRead,
      );
      bytesRead += result.bytesRead;
      if (advance) this.position += result.bytesRead;
      if (result.bytesRead === 0) break; // only a zero-byte read means the end of the file
    }
    if (!options.mayBeLess && bytesRead < options.length) throw new EndOfStreamError();
    return bytesRead;
  }
}
