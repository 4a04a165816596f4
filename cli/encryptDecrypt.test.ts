import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keyCommitment } from '../protocol/keyCommitment';
import { runBusker } from './testSupport/runBusker';

const audio = randomBytes(200_000);
let dir: string;

const busker = (...args: string[]) => runBusker(args);

const path = (name: string) => join(dir, name);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'busker-cli-crypto-'));
  await writeFile(path('song.flac'), audio);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('busker encrypt and decrypt', () => {
  let key = '';

  test('encrypt prints a new key and its commitment; decrypt with that key gives the file back', async () => {
    const encrypted = await busker('encrypt', path('song.flac'), path('song.bsk1'));
    assert.equal(encrypted.code, 0, encrypted.stderr);
    key = /^content key +([0-9a-f]{64})$/m.exec(encrypted.stdout)?.[1] ?? '';
    const commitment = /^commitment +(0x[0-9a-f]{64})$/m.exec(encrypted.stdout)?.[1];
    assert.equal(commitment, `0x${keyCommitment(Buffer.from(key, 'hex')).toString('hex')}`);

    const decrypted = await busker('decrypt', path('song.bsk1'), path('song.out'), '--key', key);
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assert.ok((await readFile(path('song.out'))).equals(audio));
  });

  test('a tampered file exits 1, says so, and writes nothing', async () => {
    const container = await readFile(path('song.bsk1'));
    container[100_000] = (container[100_000] ?? 0) ^ 1;
    await writeFile(path('tampered.bsk1'), container);
    const result = await busker('decrypt', path('tampered.bsk1'), path('tampered.out'), '--key', key);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Segment 1 of this encrypted track failed its integrity check/);
    assert.match(result.stderr, /Nothing was written/);
    assert.equal(existsSync(path('tampered.out')), false);
    assert.deepEqual((await readdir(dir)).sort(), ['song.bsk1', 'song.flac', 'song.out', 'tampered.bsk1']);
  });

  test('the wrong key exits 1 and writes nothing', async () => {
    const result = await busker('decrypt', path('song.bsk1'), path('wrong.out'), '--key', 'ab'.repeat(32));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the key is wrong/);
    assert.equal(existsSync(path('wrong.out')), false);
  });

  test('a key that is not 64 hex digits, or no key, is a usage error', async () => {
    for (const bad of ['xyz', 'ab'.repeat(31), 'ab'.repeat(33)]) {
      const result = await busker('decrypt', path('song.bsk1'), path('bad.out'), '--key', bad);
      assert.equal(result.code, 2, bad);
      assert.match(result.stderr, /--key must be the content key as 64 hex digits/);
    }
    const missing = await busker('decrypt', path('song.bsk1'), path('bad.out'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Give the content key with --key/);
    assert.equal(existsSync(path('bad.out')), false);
  });

  test('a missing input or output folder exits 1 with the path', async () => {
    const noInput = await busker('encrypt', path('nothing.flac'), path('nothing.bsk1'));
    assert.equal(noInput.code, 1);
    assert.match(noInput.stderr, /There is no file at .*nothing\.flac/);
    const noFolder = await busker('encrypt', path('song.flac'), path('missing/song.bsk1'));
    assert.equal(noFolder.code, 1);
    assert.match(noFolder.stderr, /There is no folder .*missing to write/);
  });
});
