import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeFileAtomically } from '../base/atomicFileWrite';
import { Bsk1Error } from './bsk1Error';
import { decryptBsk1File, encryptFileToBsk1 } from './bsk1File';
import { encryptedSize } from './bsk1Layout';
import { fileByteRangeReader } from './byteRangeReader';
import { collect, patternBytes, TEST_KEY } from './bsk1TestSupport';

let dir: string;
const plaintext = patternBytes(3 * 65536 + 1234);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-bsk1-file-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('BSK1 files', () => {
  test('a file encrypts and decrypts back, through temporary files that are gone afterwards', async () => {
    await writeFile(join(dir, 'song.flac'), plaintext);
    const encrypted = await encryptFileToBsk1(join(dir, 'song.flac'), join(dir, 'song.bsk1'), TEST_KEY);
    assert.deepEqual(encrypted, {
      plaintextLength: plaintext.length,
      containerSize: encryptedSize(plaintext.length),
    });
    assert.equal((await readFile(join(dir, 'song.bsk1'))).length, encrypted.containerSize);

    await decryptBsk1File(join(dir, 'song.bsk1'), join(dir, 'song.out'), TEST_KEY);
    assert.ok((await readFile(join(dir, 'song.out'))).equals(plaintext));
    assert.deepEqual((await readdir(dir)).sort(), ['song.bsk1', 'song.flac', 'song.out']);
  });

  test('a tampered container leaves no output and no temporary file, and an existing output untouched', async () => {
    const container = await readFile(join(dir, 'song.bsk1'));
    container[container.length - 1] = (container[container.length - 1] ?? 0) ^ 1;
    await writeFile(join(dir, 'tampered.bsk1'), container);
    await assert.rejects(
      decryptBsk1File(join(dir, 'tampered.bsk1'), join(dir, 'tampered.out'), TEST_KEY),
      (error) => error instanceof Bsk1Error && error.code === 'TAG_MISMATCH',
    );
    await writeFile(join(dir, 'kept.out'), 'before');
    await assert.rejects(
      decryptBsk1File(join(dir, 'tampered.bsk1'), join(dir, 'kept.out'), TEST_KEY),
      Bsk1Error,
    );
    assert.equal(await readFile(join(dir, 'kept.out'), 'utf8'), 'before');
    assert.deepEqual((await readdir(dir)).sort(), [
      'kept.out',
      'song.bsk1',
      'song.flac',
      'song.out',
      'tampered.bsk1',
    ]);
  });

  test('writeFileAtomically removes its temporary file when the bytes fail midway', async () => {
    const failing = async function* () {
      yield Buffer.from('partial');
      throw new Error('source failed');
    };
    await assert.rejects(writeFileAtomically(join(dir, 'never.out'), failing()), /source failed/);
    assert.ok(!(await readdir(dir)).some((name) => name.includes('never')));
  });

  test('fileByteRangeReader reads exactly the range asked for', async () => {
    const read = fileByteRangeReader(join(dir, 'song.flac'));
    assert.ok((await collect(read(65535, 3 * 65536))).equals(plaintext.subarray(65535, 65535 + 3 * 65536)));
    assert.equal((await collect(read(10, 0))).length, 0);
  });
});
