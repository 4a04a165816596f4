import type { TrackSummary } from '../../core/api/appApi';
import type { SliceCreator } from './storeTypes';

/** Summaries of tracks known by id: for the player and the queue, which hold ids only. */
export interface TrackInfoSlice {
  tracksById: ReadonlyMap<number, TrackSummary>;
  /** Fetches the summaries not known yet; resolves once they are (missing ids stay missing). */
  ensureTracks(ids: readonly number[]): Promise<void>;
  /** One track's summary, fetched when needed; null when the library no longer has it. */
  trackInfo(id: number): Promise<TrackSummary | null>;
}

const batchLimit = 500;

export const createTrackInfoSlice: SliceCreator<TrackInfoSlice> = (bridge) => (set, get) => {
  const pending = new Map<number, Promise<void>>();

  async function fetchBatch(ids: number[]) {
    const tracks = await bridge.getTracks(ids);
    set((state) => {
      const tracksById = new Map(state.tracksById);
      for (const track of tracks) tracksById.set(track.id, track);
      return { tracksById };
    });
  }

  return {
    tracksById: new Map(),

    async ensureTracks(ids) {
      const known = get().tracksById;
      const waits: Promise<void>[] = [];
      const missing: number[] = [];
      for (const id of new Set(ids)) {
        if (known.has(id)) continue;
        const inFlight = pending.get(id);
        if (inFlight) waits.push(inFlight);
        else missing.push(id);
      }
      for (let start = 0; start < missing.length; start += batchLimit) {
        const batch = missing.slice(start, start + batchLimit);
        const request = fetchBatch(batch).finally(() => batch.forEach((id) => pending.delete(id)));
        batch.forEach((id) => pending.set(id, request));
        waits.push(request);
      }
      await Promise.all(waits);
    },

    async trackInfo(id) {
      await get().ensureTracks([id]);
      return get().tracksById.get(id) ?? null;
    },
  };
};
