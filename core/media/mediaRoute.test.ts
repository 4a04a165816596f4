import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMediaRoute } from './mediaRoute';

const parse = (url: string) => parseMediaRoute(new URL(url));

test('Electron and headless forms name a kind and an id', () => {
  assert.deepEqual(parse('busker://track/12'), { kind: 'track', id: 12 });
  assert.deepEqual(parse('busker://cover/0'), { kind: 'cover', id: 0 });
  assert.deepEqual(parse('http://127.0.0.1:4000/media/7'), { kind: 'track', id: 7 });
  assert.deepEqual(parse('https://localhost/cover/9007199254740991'), {
    kind: 'cover',
    id: 9007199254740991,
  });
  assert.deepEqual(parse('http://127.0.0.1/media/7?cache=1'), { kind: 'track', id: 7 });
});

test('anything that is not a canonical decimal id names nothing', () => {
  const refused = [
    'busker://track/',
    'busker://track/-1',
    'busker://track/+1',
    'busker://track/1.0',
    'busker://track/1e3',
    'busker://track/0x10',
    'busker://track/007',
    'busker://track/abc',
    'busker://track/1/',
    'busker://track/1/2',
    'busker://track/9007199254740993',
    'busker://track/99999999999999999999',
    'busker://track/..%2F..%2Fetc%2Fpasswd',
    'busker://track/%2Fetc%2Fpasswd',
    'busker://track//etc/passwd',
    'busker://album/1',
    'busker:///1',
    'busker://file/etc/passwd',
    'file:///etc/passwd',
    'http://127.0.0.1/media/',
    'http://127.0.0.1/media/..%2F..%2Fetc%2Fpasswd',
    'http://127.0.0.1/media/%31',
    'http://127.0.0.1/media/1%00',
    'http://127.0.0.1/media//etc/passwd',
    'http://127.0.0.1/tracks/1',
    'http://127.0.0.1/x/media/1',
    'http://127.0.0.1/MEDIA/1',
    'ftp://127.0.0.1/media/1',
  ];
  for (const url of refused) assert.equal(parse(url), null, url);
});
