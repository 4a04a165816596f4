import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors';
import { M3U_MAX_BYTES, M3U_MAX_ENTRIES, parseM3u, resolveM3uLocation, writeM3u } from './m3u';

const tracks = [
  { path: '/music/playlists/a/one.flac', artist: 'Nina Simone', title: 'Sinnerman', durationMs: 612_400 },
  { path: '/elsewhere/two.mp3', artist: 'Kino', title: 'Kukushka', durationMs: null },
  { path: 'catalogue:31337:0xabc:0', artist: 'Artist', title: 'On chain\nsecond line', durationMs: 1000 },
];

test('writes #EXTM3U with #EXTINF seconds, "Artist - Title" on one line, relative paths under the folder', () => {
  assert.equal(
    writeM3u(tracks, '/music/playlists'),
    [
      '#EXTM3U',
      '#EXTINF:612,Nina Simone - Sinnerman',
      'a/one.flac',
      '#EXTINF:-1,Kino - Kukushka',
      '/elsewhere/two.mp3',
      '#EXTINF:1,Artist - On chain second line',
      'catalogue:31337:0xabc:0',
      '',
    ].join('\n'),
  );
  assert.match(writeM3u(tracks, null), /^\/music\/playlists\/a\/one\.flac$/m, 'absolute without a folder');
});

test('a written playlist parses back to the same locations, and resolves to the same paths', () => {
  for (const base of ['/music/playlists', null]) {
    const parsed = parseM3u(writeM3u(tracks, base));
    assert.deepEqual(parsed.skipped, []);
    assert.deepEqual(
      parsed.entries.map((entry) => resolveM3uLocation(entry.location, base)),
      tracks.map((track) => track.path),
    );
    assert.equal(parsed.entries[0]!.title, 'Nina Simone - Sinnerman');
  }
});

test('relative paths: under the folder or up to two `../` on a shared folder; other roots absolute', () => {
  const base = '/music/lists';
  const near = [
    { path: '/music/lists/#1 hits/Ünïcode ✓ song.flac', artist: 'A', title: 'Hash', durationMs: 1000 },
    { path: '/music/Kino/Группа крови/01 Кукушка #2.mp3', artist: 'Kino', title: 'K', durationMs: 1000 },
    { path: '/music/lists/ leading space.flac', artist: 'A', title: 'Leading space', durationMs: null },
    { path: '/other-root/far.mp3', artist: 'A', title: 'Other root', durationMs: null },
    { path: '/music/a/b/c/../../../lists/x.mp3', artist: 'A', title: 'Dots', durationMs: null },
  ];
  const text = writeM3u(near, base);
  assert.deepEqual(
    text.split('\n').filter((line) => line !== '' && !line.startsWith('#EXT')),
    [
      './#1 hits/Ünïcode ✓ song.flac',
      '../Kino/Группа крови/01 Кукушка #2.mp3',
      '/music/lists/ leading space.flac',
      '/other-root/far.mp3',
      'x.mp3',
    ],
  );
  const back = parseM3u(text);
  assert.deepEqual(back.skipped, []);
  assert.deepEqual(
    back.entries.map((entry) => resolveM3uLocation(entry.location, base)),
    near.map((track) => resolveM3uLocation(track.path, null)),
    'the round trip names the same files',
  );
  assert.equal(
    writeM3u([{ ...near[0]!, path: '/music/a/b/c/deep.mp3' }], '/music/x/y/z').split('\n')[2],
    '/music/a/b/c/deep.mp3',
    'three steps up is too far: absolute',
  );
  assert.equal(
    writeM3u([{ ...near[0]!, path: '/music/a/b/c/deep.mp3' }], '/music/x/y').split('\n')[2],
    '../../a/b/c/deep.mp3',
  );
});

test('CRLF, a byte order mark, comments and blank lines are understood; line numbers are the file’s', () => {
  const parsed = parseM3u(
    '\uFEFF#EXTM3U\r\n\r\n# a comment\r\n#EXTINF:10,A - B\r\nsong.mp3\r\nother.mp3\r\n',
  );
  assert.deepEqual(parsed.entries, [
    { line: 5, location: 'song.mp3', title: 'A - B' },
    { line: 6, location: 'other.mp3', title: null },
  ]);
});

test('web addresses are skipped with a reason; file:// addresses and `..` paths resolve', () => {
  const parsed = parseM3u(
    'http://radio.example/stream\nhttps://x.example/a.mp3\nfile:///music/a.mp3\n../up/b.mp3\n',
  );
  assert.deepEqual(
    parsed.skipped.map((skip) => [skip.line, skip.reason]),
    [
      [1, 'A web address: Busker plays files in its library only.'],
      [2, 'A web address: Busker plays files in its library only.'],
    ],
  );
  assert.equal(resolveM3uLocation('file:///music/a.mp3', null), '/music/a.mp3');
  assert.equal(resolveM3uLocation('../up/b.mp3', '/music/lists'), '/music/up/b.mp3');
  assert.equal(resolveM3uLocation('sub\\c.mp3', '/music'), '/music/sub/c.mp3', 'Windows separators');
  assert.equal(resolveM3uLocation('relative.mp3', null), null, 'relative without a folder: unknown');
  assert.equal(resolveM3uLocation('/music/../etc/x.mp3', null), '/etc/x.mp3');
});

test('hostile files: too large or binary is refused with a typed error; too many lines are capped', () => {
  assert.throws(
    () => parseM3u('a'.repeat(M3U_MAX_BYTES + 1)),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === 'PLAYLIST_FILE_REFUSED' &&
      /larger than/.test(error.message),
  );
  assert.throws(
    () => parseM3u('ID3\u0000\u0000binary'),
    (error: unknown) => error instanceof AppError && error.code === 'PLAYLIST_FILE_REFUSED',
  );
  const many = Array.from({ length: M3U_MAX_ENTRIES + 3 }, (_, index) => `/m/${index}.mp3`).join('\n');
  const parsed = parseM3u(many);
  assert.equal(parsed.entries.length, M3U_MAX_ENTRIES);
  assert.equal(parsed.skipped.length, 3);
  assert.match(parsed.skipped[0]!.reason, /left out/);
  const long = parseM3u(`/${'x'.repeat(10_000)}.mp3\n`);
  assert.equal(long.entries.length, 0);
  assert.match(long.skipped[0]!.reason, /too long/);
});
