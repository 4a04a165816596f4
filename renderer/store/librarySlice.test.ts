// The library slice's views with the bridge swapped for a test double: no page, no host.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from 'zustand';
import type { AlbumSummary } from '../../core/api/appApi';
import type { Bridge } from '../bridge/bridgeTypes';
import { createLibrarySlice } from './librarySlice';
import type { AppState } from './storeTypes';

const album: AlbumSummary = {
  id: 7,
  title: 'Harbor Lights',
  artist: 'Tide Band',
  year: 2021,
  trackCount: 3,
  coverId: 1,
  artistId: 2,
  artistIds: [2, 5],
  durationMs: 24_000,
  discCount: 1,
};

function testStore() {
  const calls: string[] = [];
  const bridge = {
    listAlbums: async () => {
      calls.push('listAlbums');
      return [album];
    },
    listArtists: async () => {
      calls.push('listArtists');
      return [];
    },
  } as unknown as Bridge;
  const store = create<AppState>()((set, get, api) => ({
    ...({ notifyError: (error: unknown) => calls.push(`error: ${String(error)}`) } as unknown as AppState),
    ...createLibrarySlice(bridge)(set, get, api),
  }));
  return { store, calls };
}

const albumView = { kind: 'album', albumId: 7, title: 'Harbor Lights', artist: 'Tide Band' } as const;
const artistView = { kind: 'artist', artistId: 2, name: 'Tide Band' } as const;

describe('library views', () => {
  it('Back returns through the views in the order they were shown', () => {
    const { store } = testStore();
    const { showView, goBack } = store.getState();
    showView({ kind: 'artists' });
    showView(artistView);
    showView(albumView);
    goBack();
    assert.deepEqual(store.getState().view, artistView);
    goBack();
    assert.deepEqual(store.getState().view, { kind: 'artists' });
    goBack();
    assert.deepEqual(store.getState().view, { kind: 'songs' });
    // Nothing before the first view: Back stays put.
    goBack();
    assert.deepEqual(store.getState().view, { kind: 'songs' });
  });

  it('Back from a page opened without history leads to its list', () => {
    const { store } = testStore();
    store.setState({ view: albumView, viewHistory: [] });
    store.getState().goBack();
    assert.deepEqual(store.getState().view, { kind: 'albums' });
    store.setState({ view: artistView, viewHistory: [] });
    store.getState().goBack();
    assert.deepEqual(store.getState().view, { kind: 'artists' });
  });

  it('showing the same view again adds no Back step', () => {
    const { store } = testStore();
    store.getState().showView({ kind: 'albums' });
    store.getState().showView({ kind: 'albums' });
    assert.equal(store.getState().viewHistory.length, 1);
  });

  it('album and artist pages load the album list once, which they read their details from', async () => {
    const { store, calls } = testStore();
    store.getState().showView(albumView);
    store.getState().showView(artistView);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(store.getState().albums, [album]);
    assert.equal(calls.filter((call) => call === 'listAlbums').length, 1);
    // The album and artist pages list tracks by their own query.
    assert.equal(store.getState().trackPages.total, null);
  });
});
