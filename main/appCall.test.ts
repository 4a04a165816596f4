import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppApi } from '../core/api/appApi';
import { AppError } from '../core/errors';
import { appApiSchemas } from '../core/api/appApiSchemas';
import { appMethods } from '../core/api/appMethods';
import { dispatchAppCall } from './appCall';

function fakeApi(overrides: Partial<AppApi> = {}): { api: AppApi; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record =
    (name: string, result: unknown) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      return result;
    };
  const api = {
    capabilities: record('capabilities', {
      host: 'electron',
      folderPicker: true,
      market: true,
      desktopShell: true,
    }),
    libraryStats: record('libraryStats', { tracks: 0, albums: 0, artists: 0 }),
    listTracks: record('listTracks', { total: 0, offset: 0, tracks: [] }),
    listTrackIds: record('listTrackIds', []),
    getTracks: record('getTracks', []),
    listAlbums: record('listAlbums', []),
    listArtists: record('listArtists', []),
    pickFolder: record('pickFolder', null),
    browseFolders: record('browseFolders', null),
    importFolder: record('importFolder', null),
    listFolders: record('listFolders', []),
    removeFolder: record('removeFolder', null),
    recordPlay: record('recordPlay', null),
    ...overrides,
  } as AppApi;
  return { api, calls };
}

test('a valid call reaches the backend with parsed arguments and returns { result }', async () => {
  const { api, calls } = fakeApi();
  const reply = await dispatchAppCall(api, 'listTracks', [{ text: 'blue', offset: 0, limit: 20 }]);
  assert.deepEqual(reply, { result: { total: 0, offset: 0, tracks: [] } });
  assert.deepEqual(calls, [['listTracks', { text: 'blue', offset: 0, limit: 20 }]]);
});

test('bad arguments come back as a BAD_REQUEST error and never reach the backend', async () => {
  const { api, calls } = fakeApi();
  const reply = await dispatchAppCall(api, 'listTracks', [{ offset: 0, limit: 1_000_000 }]);
  assert.ok('error' in reply);
  assert.equal(reply.error.code, 'BAD_REQUEST');
  assert.match(reply.error.message, /listTracks/);
  assert.deepEqual(calls, []);
});

test('recordPlay takes one track id: anything else is a BAD_REQUEST', async () => {
  const { api, calls } = fakeApi();
  for (const args of [[], ['1'], [-1], [1.5], [1, 2], [{ id: 1 }], [{ recent: 'played' }]]) {
    const reply = await dispatchAppCall(api, 'recordPlay', args);
    assert.ok('error' in reply, JSON.stringify(args));
    assert.equal(reply.error.code, 'BAD_REQUEST');
  }
  assert.deepEqual(calls, []);
  assert.deepEqual(await dispatchAppCall(api, 'recordPlay', [7]), { result: null });
  assert.deepEqual(calls, [['recordPlay', 7]]);
});

test('a track query lists recent additions or plays, and nothing else', async () => {
  const { api, calls } = fakeApi();
  const reply = await dispatchAppCall(api, 'listTrackIds', [{ recent: 'skipped' }]);
  assert.ok('error' in reply);
  assert.equal(reply.error.code, 'BAD_REQUEST');
  await dispatchAppCall(api, 'listTrackIds', [{ recent: 'played' }]);
  assert.deepEqual(calls, [['listTrackIds', { recent: 'played' }]]);
});

test('an AppError keeps its code and message for the user', async () => {
  const { api } = fakeApi({
    importFolder: async () => {
      throw new AppError('FOLDER_NOT_FOUND', 'The folder /music does not exist. Choose another folder.');
    },
  });
  assert.deepEqual(await dispatchAppCall(api, 'importFolder', ['/music']), {
    error: { code: 'FOLDER_NOT_FOUND', message: 'The folder /music does not exist. Choose another folder.' },
  });
});

test('an unexpected error is hidden behind the INTERNAL payload', async () => {
  const { api } = fakeApi({
    libraryStats: async () => {
      throw new Error('SQLITE_CORRUPT at /home/user/.config/Busker/library.db');
    },
  });
  const originalError = console.error;
  console.error = () => {};
  try {
    const reply = await dispatchAppCall(api, 'libraryStats', []);
    assert.ok('error' in reply);
    assert.equal(reply.error.code, 'INTERNAL');
    assert.doesNotMatch(reply.error.message, /SQLITE|home/);
  } finally {
    console.error = originalError;
  }
});

test('every listed method has an argument schema, and no schema lacks a method', () => {
  assert.deepEqual(Object.keys(appApiSchemas).sort(), [...appMethods].sort());
  assert.equal(new Set(appMethods).size, appMethods.length);
});
