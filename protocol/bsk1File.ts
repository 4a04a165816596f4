import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { writeFileAtomically } from '../base/atomicFileWrite';
import { openBsk1 } from './bsk1Decrypt';
import { encryptBsk1 } from './bsk1Encrypt';
import { fileByteRangeReader } from './byteRangeReader';

export interface Bsk1FileResult {
  plaintextLength: number;
  containerSize: number;
}

// Larger than the 64 KiB default so whole segments usually arrive in one chunk and are not copied.
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Encrypts the file at `inputPath` into a `BSK1` container at `outputPath` with the default
 * segment size. The output appears only when complete; on failure nothing is left behind.
 */
export async function encryptFileToBsk1(
  inputPath: string,
  outputPath: string,
  key: Uint8Array,
): Promise<Bsk1FileResult> {
  const { size } = await stat(inputPath);
  const source = createReadStream(inputPath, { highWaterMark: READ_CHUNK_BYTES });
  try {
    const containerSize = await writeFileAtomically(
      outputPath,
      encryptBsk1(source, { key, plaintextLength: size }),
    );
    return { plaintextLength: size, containerSize };
  } finally {
    source.destroy();
  }
}

/**
 * Decrypts the container at `inputPath` to `outputPath`. The output appears only after the
 * last segment authenticated; on any failure (`Bsk1Error` for the container) nothing is left behind.
 */
export async function decryptBsk1File(
  inputPath: string,
  outputPath: string,
  key: Uint8Array,
): Promise<Bsk1FileResult> {
  const { size } = await stat(inputPath);
  const reader = await openBsk1(fileByteRangeReader(inputPath), size, key);
  await writeFileAtomically(outputPath, reader.readPlaintext(0, reader.plaintextLength));
  return { plaintextLength: reader.plaintextLength, containerSize: size };
}
