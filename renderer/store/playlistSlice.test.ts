// The playlist slice with the bridge swapped for a test double: no page, no host.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from 'zustand';
import type { PlaylistSummary, TrackSummary } from '../../core/api/appApi';
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

describe('playlist slice: reordering', () => {
  it('a reload read before the latest move never puts the older order back', async () => {
    const track = (id: number) => ({ id, title: `Song ${id}` }) as TrackSummary;
    let held = [1, 2, 3, 4];
    // The host's answers wait until the test lets them through; a read answers with the order the
    // host held when it read.
    const waiting: Array<() => void> = [];
    const later = <T>(answer: () => T) => new Promise<T>((done) => waiting.push(() => done(answer())));
    const bridge = {
      setPlaylistTracks: async (_id: number, trackIds: number[]) => void (held = [...trackIds]),
      listPlaylists: () => later(() => [{ id: 1, name: 'Evening', trackCount: held.length }]),
      getPlaylist: (id: number) => {
        const order = [...held];
        return later(() => ({ id, name: 'Evening', trackIds: order }));
      },
      getTracks: async (ids: number[]) => ids.map(track),
    } as unknown as Bridge;
    const store = create<AppState>()((set, get, api) => ({
      ...({
        noticeSubjectSucceeded: () => undefined,
        notifyError: (error: unknown) => assert.fail(String(error)),
      } as unknown as AppState),
      ...createPlaylistSlice(bridge)(set, get, api),
    }));
    store.setState({ openPlaylist: { id: 1, name: 'Evening', tracks: held.map(track) } });
    const shown: string[] = [];
    store.subscribe((state, before) => {
      if (state.openPlaylist !== before.openPlaylist)
        shown.push(state.openPlaylist!.tracks.map((t) => t.id).join(','));
    });
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const answer = async (index: number) => {
      waiting[index]!();
      await tick();
    };

    const first = store.getState().movePlaylistEntry(0, 1);
    await tick(); // written; the reload lists the playlists
    await answer(0); // … and reads the open one: the order after the first move
    const second = store.getState().movePlaylistEntry(1, 0);
    await tick(); // written; its reload lists the playlists
    await answer(1); // the first read answers now, with the order before the second move
    await answer(2);
    await answer(3);
    await Promise.all([first, second]);

    assert.deepEqual(held, [1, 2, 3, 4]);
    assert.deepEqual(shown, ['2,1,3,4', '1,2,3,4', '1,2,3,4']);
  });
});
