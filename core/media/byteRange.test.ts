import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseByteRange } from './byteRange';

test('no Range header asks for the whole file', () => {
  assert.deepEqual(parseByteRange(null, 100), { kind: 'full' });
});

test('closed, open-ended and suffix ranges', () => {
  assert.deepEqual(parseByteRange('bytes=0-9', 100), { kind: 'partial', start: 0, end: 9 });
  assert.deepEqual(parseByteRange('bytes=90-', 100), { kind: 'partial', start: 90, end: 99 });
  assert.deepEqual(parseByteRange('bytes=-10', 100), { kind: 'partial', start: 90, end: 99 });
  assert.deepEqual(parseByteRange('bytes=5-5', 100), { kind: 'partial', start: 5, end: 5 });
  assert.deepEqual(parseByteRange('BYTES= 1-2 ', 100), { kind: 'partial', start: 1, end: 2 });
});

test('ends past the file are clamped, suffixes longer than the file give the whole file', () => {
  assert.deepEqual(parseByteRange('bytes=50-1000', 100), { kind: 'partial', start: 50, end: 99 });
  assert.deepEqual(parseByteRange('bytes=-1000', 100), { kind: 'partial', start: 0, end: 99 });
  assert.deepEqual(parseByteRange('bytes=0-99999999999999999999999', 100), {
    kind: 'partial',
    start: 0,
    end: 99,
  });
  assert.deepEqual(parseByteRange('bytes=-99999999999999999999999', 100), {
    kind: 'partial',
    start: 0,
    end: 99,
  });
});

test('unsatisfiable and malformed ranges', () => {
  const refused = [
    'bytes=100-',
    'bytes=100-200',
    'bytes=99999999999999999999999-',
    'bytes=10-5',
    'bytes=-0',
    'bytes=-',
    'bytes=0-1,5-6',
    'bytes=a-b',
    'bytes=-5-6',
    'bytes=1.5-2',
    'bytes=+1-2',
    'items=0-1',
    'bytes 0-1',
    '',
    'garbage',
  ];
  for (const header of refused) {
    assert.deepEqual(parseByteRange(header, 100), { kind: 'unsatisfiable' }, header);
  }
});

test('an empty file satisfies no range', () => {
  assert.deepEqual(parseByteRange('bytes=0-', 0), { kind: 'unsatisfiable' });
  assert.deepEqual(parseByteRange('bytes=-1', 0), { kind: 'unsatisfiable' });
  assert.deepEqual(parseByteRange(null, 0), { kind: 'full' });
});
