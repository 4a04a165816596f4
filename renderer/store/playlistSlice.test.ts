// The playlist slice with the bridge swapped for a test double: no page, no host.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from 'zustand';
import type { PlaylistSummary } from '../../core/api/appApi';
import type { Bridge } from '../bridge/bridgeTypes';
import { createPlaylistSlice } from './playlistSlice';
import type { AppState } from './storeTypes';

describe('playlist slice: deleting', () => {
  it('the deleted playlist leaves the list before the view moves on, whatever the reload takes', async () => {
    let held: PlaylistSummary[] = [
      { id: 1, name: 'Evening', trackCount: 3 },
      { id: 2, name: 'Partly found', trackCount: 2 },
    ];
    let releaseReload: () => void = () => undefined;
    const bridge = {
      deletePlaylist: async (id: number) => void (held = held.filter((playlist) => playlist.id !== id)),
      // The reload answers only when the test says so: a slow host.
      listPlaylists: () => new Promise<PlaylistSummary[]>((done) => (releaseReload = () => done(held))),
    } as unknown as Bridge;
    const listsWhenViewMoved: string[][] = [];
    const store = create<AppState>()((set, get, api) => ({
      ...({
        closeDialog: () => undefined,
        noticeSubjectSucceeded: () => undefined,
        notifyError: (error: unknown) => assert.fail(String(error)),
        showView: () => listsWhenViewMoved.push((get().playlists ?? []).map((playlist) => playlist.name)),
      } as unknown as AppState),
      ...createPlaylistSlice(bridge)(set, get, api),
    }));
    store.setState({ playlists: held, openPlaylist: { id: 2, name: 'Partly found', tracks: [] } });

    const deleting = store.getState().deletePlaylist(2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(listsWhenViewMoved, [['Evening']]);
    assert.equal(store.getState().openPlaylist, null);
    releaseReload();
    await deleting;
    assert.deepEqual(
      store.getState().playlists?.map((playlist) => playlist.name),
      ['Evening'],
    );
  });
});
