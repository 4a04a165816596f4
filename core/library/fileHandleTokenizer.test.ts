import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileHandleTokenizer } from './fileHandleTokenizer';

test('reads inside, across and beyond the cached head return the file bytes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'busker-tokenizer-'));
  const file = join(dir, 'bytes.bin');
  const bytes = Uint8Array.from({ length: 1000 }, (_, index) => index % 251);
  await writeFile(file, bytes);
  const handle = await open(file, 'r');
  try {
    // A wrong head would show: the tokenizer must serve the file's own bytes from it.
    const tokenizer = new FileHandleTokenizer(handle, { size: bytes.length }, bytes.subarray(0, 100));
    const read = async (length: number, position: number) => {
      const buffer = new Uint8Array(length);
      await tokenizer.peekBuffer(buffer, { position });
      return buffer;
    };
    assert.deepEqual(await read(10, 5), bytes.subarray(5, 15));
    assert.deepEqual(await read(50, 80), bytes.subarray(80, 130));
    assert.deepEqual(await read(20, 900), bytes.subarray(900, 920));

    const sequential = new Uint8Array(120);
    await tokenizer.readBuffer(sequential);
    assert.deepEqual(sequential, bytes.subarray(0, 120));
    assert.equal(tokenizer.position, 120);

    await assert.rejects(tokenizer.readBuffer(new Uint8Array(2000)), { name: 'EndOfStreamError' });
    const tail = new Uint8Array(50);
    assert.equal(await tokenizer.peekBuffer(tail, { position: 980, mayBeLess: true }), 20);
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
});
