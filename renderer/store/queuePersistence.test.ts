// The queue saved by one session and restored by the next, with a storage and a library stand-in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from 'zustand';
import type { TrackSummary } from '../../core/api/appApi';
import type { Bridge } from '../bridge/bridgeTypes';
import { parseSnapshot, restoreSnapshot } from '../logic/queueSnapshot';
import { createPlayerSlice } from './playerSlice';
import { persistQueue, queueStorageKey } from './queuePersistence';
import type { AppState } from './storeTypes';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

const summary = (id: number) => ({ id, title: `Track ${id}` }) as TrackSummary;

function testStore(libraryIds: readonly number[]) {
  const bridge = {
    getTracks: async (ids: number[]) => ids.filter((id) => libraryIds.includes(id)).map(summary),
  } as Bridge;
  const store = create<AppState>()((set, get, api) => ({
    ...({ notify: () => undefined, notifyError: () => undefined } as unknown as AppState),
    ...createPlayerSlice(bridge)(set, get, api),
  }));
  return { store, bridge };
}

describe('queue persistence', () => {
  it('a reload gets back the queue, its order, the current track and position, paused', async () => {
    const storage = memoryStorage();
    const pageEvents = new EventTarget();
    const first = testStore([1, 2, 3, 4]);
    const saving = persistQueue(first.store, first.bridge, { storage, pageEvents });
    await saving.restored;
    first.store.getState().playTracks([1, 2, 3], 0);
    first.store.getState().playNext([4]);
    first.store.getState().moveInQueue(3, 2);
    first.store.getState().reportProgress(42.34, 180);
    pageEvents.dispatchEvent(new Event('pagehide'));
    saving.stop();

    const second = testStore([1, 2, 3, 4]);
    const restoring = persistQueue(second.store, second.bridge, { storage, pageEvents: new EventTarget() });
    await restoring.restored;
    const state = second.store.getState();
    assert.deepEqual(state.queue, [1, 4, 3, 2]);
    assert.equal(state.index, 0);
    assert.equal(state.playing, false, 'restored paused, never autoplaying');
    assert.equal(state.position, 42.3);

    // Once the controller loaded the track, the position is sought so Play resumes there.
    state.setCurrent(summary(1));
    state.reportProgress(0, 180);
    await Promise.resolve();
    assert.equal(second.store.getState().position, 42.3);
    assert.equal(second.store.getState().seekRequest, 42.3);
    restoring.stop();
  });

  it('drops tracks the library no longer has; a dropped current track gives way to the next', async () => {
    const storage = memoryStorage();
    storage.setItem(
      queueStorageKey,
      JSON.stringify({ version: 1, queue: [1, 2, 3, 2], shuffleOrder: null, index: 1, position: 30 }),
    );
    const { store, bridge } = testStore([1, 3]);
    const restoring = persistQueue(store, bridge, { storage, pageEvents: new EventTarget() });
    await restoring.restored;
    assert.deepEqual(store.getState().queue, [1, 3]);
    assert.equal(store.getState().index, 1);
    assert.equal(store.getState().position, 0);
    restoring.stop();
  });

  it('ignores damaged or foreign storage and starts with an empty queue', async () => {
    for (const text of [
      '{not json',
      '"text"',
      JSON.stringify({ version: 2, queue: [1], shuffleOrder: null, index: 0, position: 0 }),
      JSON.stringify({ version: 1, queue: [1], shuffleOrder: null, index: 5, position: 0 }),
      JSON.stringify({ version: 1, queue: [1, 2], shuffleOrder: [0, 0], index: 0, position: 0 }),
      JSON.stringify({ version: 1, queue: [-1], shuffleOrder: null, index: 0, position: 0 }),
      JSON.stringify({ version: 1, queue: [1], shuffleOrder: null, index: 0, position: 0, extra: 1 }),
    ]) {
      assert.equal(parseSnapshot(text), null, text);
      const storage = memoryStorage();
      storage.setItem(queueStorageKey, text);
      const { store, bridge } = testStore([1, 2]);
      const restoring = persistQueue(store, bridge, { storage, pageEvents: new EventTarget() });
      await restoring.restored;
      assert.deepEqual(store.getState().queue, []);
      restoring.stop();
    }
  });

  it('a library that cannot be asked leaves the queue empty rather than wrong', async () => {
    const storage = memoryStorage();
    storage.setItem(
      queueStorageKey,
      JSON.stringify({ version: 1, queue: [1], shuffleOrder: null, index: 0, position: 3 }),
    );
    const { store } = testStore([1]);
    const failing = {
      getTracks: () => Promise.reject(new Error('host gone')),
    } as unknown as Bridge;
    const restoring = persistQueue(store, failing, { storage, pageEvents: new EventTarget() });
    await restoring.restored;
    assert.deepEqual(store.getState().queue, []);
    restoring.stop();
  });

  it('keeps the shuffle order, minus the dropped entries', () => {
    const restored = restoreSnapshot(
      { version: 1, queue: [10, 20, 30, 40], shuffleOrder: [2, 0, 3, 1], index: 2, position: 5 },
      new Set([10, 30, 40]),
    );
    assert.deepEqual(restored.queue, { queue: [10, 30, 40], shuffleOrder: [1, 0, 2], index: 1 });
    assert.equal(restored.position, 5);
    const currentGone = restoreSnapshot(
      { version: 1, queue: [10, 20, 30, 40], shuffleOrder: [2, 0, 3, 1], index: 2, position: 5 },
      new Set([20, 40]),
    );
    assert.deepEqual(currentGone, {
      queue: { queue: [20, 40], shuffleOrder: [1, 0], index: 1 },
      position: 0,
    });
  });
});
