import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAppArgs } from '../core/api/appApiSchemas';
import { AppError } from '../core/errors';
import { judgeSender } from './senderPolicy';

const mainFrame = (url: string | null) => ({ url, isAppMainFrame: true });

test('the app page in the main frame is trusted', () => {
  assert.deepEqual(judgeSender(mainFrame('busker://app/index.html')), { trusted: true });
  assert.deepEqual(judgeSender(mainFrame('busker://app/index.html?view=albums#top')), { trusted: true });
});

test('other origins are rejected even in the main frame', () => {
  const untrusted = [
    'file:///home/user/evil.html',
    'http://127.0.0.1:5173/index.html',
    'https://busker.example/index.html',
    'busker://track/1',
    'busker://cover/1',
    'busker://app.evil/index.html',
    'busker://app@evil/index.html',
    'busker://app:8080/index.html',
    'data:text/html,<script>1</script>',
    'about:blank',
    'blob:busker://app/0f7c',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ];
  for (const url of untrusted) {
    const verdict = judgeSender(mainFrame(url));
    assert.equal(verdict.trusted, false, `${url} must be rejected`);
  }
});

test('a subframe is rejected even when it is served from the app origin', () => {
  const verdict = judgeSender({ url: 'busker://app/index.html', isAppMainFrame: false });
  assert.equal(verdict.trusted, false);
  assert.match(verdict.trusted ? '' : verdict.reason, /main frame/);
});

test('a frame that is gone is rejected', () => {
  const verdict = judgeSender(mainFrame(null));
  assert.equal(verdict.trusted, false);
});

test('the rejection reason names the origin but not the query string', () => {
  const verdict = judgeSender(mainFrame('http://127.0.0.1:9/x?token=secret'));
  assert.equal(verdict.trusted, false);
  const reason = verdict.trusted ? '' : verdict.reason;
  assert.match(reason, /http:\/\/127\.0\.0\.1:9/);
  assert.doesNotMatch(reason, /secret/);
});

test('bad arguments from a trusted sender are still rejected by the schema', () => {
  const badCalls: Array<[Parameters<typeof parseAppArgs>[0], unknown]> = [
    ['listTracks', [{ offset: -1, limit: 10 }]],
    ['listTracks', [{ offset: 0, limit: 10, extra: true }]],
    ['getTracks', [['1']]],
    ['importFolder', ['']],
    ['importFolder', [42]],
    ['removeFolder', []],
    ['removeFolder', ['']],
    ['libraryStats', ['unexpected']],
    ['listTrackIds', 'not an array'],
    ['listTrackIds', [{ sort: { column: 'path; DROP TABLE tracks', descending: false } }]],
    ['createPlaylist', ['   ', []]],
    ['importPlaylist', ['big.m3u8', 'x'.repeat(4 * 1024 * 1024 + 1)]],
  ];
  for (const [method, args] of badCalls) {
    assert.throws(
      () => parseAppArgs(method, args),
      (error: unknown) => error instanceof AppError && error.code === 'BAD_REQUEST',
      `${method} ${JSON.stringify(args)} must be rejected`,
    );
  }
  assert.deepEqual(parseAppArgs('listTracks', [{ offset: 0, limit: 50 }]), [{ offset: 0, limit: 50 }]);
});
