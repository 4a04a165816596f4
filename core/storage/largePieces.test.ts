import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { largePieces } from './largePieces';

async function collect(pieces: Uint8Array[], size: number): Promise<Uint8Array[]> {
  async function* source() {
    yield* pieces;
  }
  const out: Uint8Array[] = [];
  for await (const piece of largePieces(source(), size)) out.push(Buffer.from(piece));
  return out;
}

test('small pieces are gathered into pieces of the given size, the bytes unchanged', async () => {
  const pieces = Array.from({ length: 40 }, (_, index) => randomBytes(index % 3 === 0 ? 16 : 100));
  const out = await collect(pieces, 256);
  assert.deepEqual(Buffer.concat(out), Buffer.concat(pieces));
  assert.ok(out.slice(0, -1).every((piece) => piece.length === 256));
  assert.ok(out.at(-1)!.length > 0 && out.at(-1)!.length <= 256);
});

test('a piece already large enough passes through whole; nothing empty is handed on', async () => {
  const big = randomBytes(1000);
  const small = randomBytes(10);
  async function* source() {
    yield big;
    yield new Uint8Array(0);
    yield small;
  }
  const out: Uint8Array[] = [];
  for await (const piece of largePieces(source(), 256)) out.push(piece);
  assert.equal(out[0], big, 'handed on as it is, not copied');
  assert.deepEqual(Buffer.concat(out), Buffer.concat([big, small]));
  assert.ok(out.every((piece) => piece.length > 0));
  assert.deepEqual(await collect([], 256), []);
});
