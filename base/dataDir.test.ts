import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultCacheDir, defaultDataDir } from './dataDir';

test('Linux uses XDG_DATA_HOME, or ~/.local/share when unset or relative', () => {
  assert.equal(defaultDataDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ana'), join('/data', 'busker'));
  assert.equal(defaultDataDir({}, 'linux', '/home/ana'), join('/home/ana', '.local', 'share', 'busker'));
  assert.equal(
    defaultDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/ana'),
    join('/home/ana', '.local', 'share', 'busker'),
  );
});

test('macOS uses Application Support and Windows uses APPDATA', () => {
  assert.equal(
    defaultDataDir({}, 'darwin', '/Users/ana'),
    join('/Users/ana', 'Library', 'Application Support', 'Busker'),
  );
  assert.equal(
    defaultDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana'),
    join('C:\\Users\\ana\\AppData\\Roaming', 'Busker'),
  );
  assert.equal(defaultDataDir({}, 'win32', '/home/ana'), join('/home/ana', 'AppData', 'Roaming', 'Busker'));
});

test('the cache folder: XDG_CACHE_HOME or ~/.cache, Library/Caches, LOCALAPPDATA', () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/cache' }, 'linux', '/home/ana'), join('/cache', 'busker'));
  assert.equal(
    defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/ana'),
    join('/home/ana', '.cache', 'busker'),
  );
  assert.equal(
    defaultCacheDir({}, 'darwin', '/Users/ana'),
    join('/Users/ana', 'Library', 'Caches', 'Busker'),
  );
  assert.equal(
    defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'win32', 'C:\\Users\\ana'),
    join('C:\\Users\\ana\\AppData\\Local', 'Busker', 'Cache'),
  );
});
