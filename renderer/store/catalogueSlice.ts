import { errorMessage } from '../bridge/bridgeTypes';
import type { CatalogueTrackState, NotListedTrack, TipQuote, UnlockProgress } from '../../core/api/appApi';
import type { UnlockMap } from '../logic/unlockProgress';
import { unlockInProgress, withUnlockProgress } from '../logic/unlockProgress';
import { trackQueryOf } from './librarySlice';
import type { SliceCreator } from './storeTypes';

/** The tip the listener is asked to confirm: its quote once the host has answered, or why not. */
export interface TipToConfirm {
  id: number;
  title: string;
  quote: TipQuote | null;
  error: string | null;
}

export interface CatalogueSlice {
  /** Catalogue state by library id; null for a track known to be a plain library file. */
  catalogueById: ReadonlyMap<number, CatalogueTrackState | null>;
  unlocks: UnlockMap;
  /** Catalogue tracks the host's latest sync left out, each with why; [] until asked. */
  notListed: readonly NotListedTrack[];
  loadNotListed(): Promise<void>;
  /** Asks the host about the ids not known yet (the visible page of the track list). */
  loadCatalogueStates(ids: readonly number[]): Promise<void>;
  /** One track's state, fetched when unknown; null for a plain file or when the host cannot say. */
  catalogueStateOf(id: number): Promise<CatalogueTrackState | null>;
  tipToConfirm: TipToConfirm | null;
  /** Titles of the tracks the listener asked to unlock, to name them when an unlock fails. */
  unlockTitles: ReadonlyMap<number, string>;
  /** "Tip & unlock": asks the host what the tip costs and opens the confirmation. */
  askToUnlock(id: number, title: string): Promise<void>;
  /** The listener confirmed: tips, fetches the key, then plays the track. */
  confirmUnlock(): Promise<void>;
  unlockTrack(id: number): Promise<void>;
  receiveUnlockProgress(progress: UnlockProgress): void;
  setAvailableOffline(id: number, offline: boolean): Promise<void>;
  /** The catalogue changed (a sync, another network): states are asked for again. */
  catalogueChanged(): void;
}

const batchLimit = 500;

export const createCatalogueSlice: SliceCreator<CatalogueSlice> = (bridge) => (set, get) => {
  const pending = new Set<number>();
  // States answered for an older catalogue are dropped.
  let generation = 0;
  // Only the newest answer about the not-listed tracks is kept.
  let notListedAsked = 0;

  function store(states: readonly CatalogueTrackState[], asked: readonly number[]) {
    set((state) => {
      const catalogueById = new Map(state.catalogueById);
      for (const id of asked) if (!catalogueById.has(id)) catalogueById.set(id, null);
      for (const track of states) catalogueById.set(track.id, track);
      return { catalogueById };
    });
  }

  return {
    catalogueById: new Map(),
    unlocks: new Map(),
    notListed: [],
    tipToConfirm: null,
    unlockTitles: new Map(),

    async loadNotListed() {
      const asked = ++notListedAsked;
      try {
        const notListed = await bridge.notListedTracks();
        if (asked === notListedAsked) set({ notListed });
      } catch {
        // Kept as it was: the next catalogue change asks again.
      }
    },

    async loadCatalogueStates(ids) {
      const known = get().catalogueById;
      const missing = [...new Set(ids)].filter((id) => !known.has(id) && !pending.has(id));
      if (missing.length === 0) return;
      const asked = generation;
      missing.forEach((id) => pending.add(id));
      try {
        for (let start = 0; start < missing.length; start += batchLimit) {
          const batch = missing.slice(start, start + batchLimit);
          const states = await bridge.catalogueStates(batch);
          if (asked === generation) store(states, batch);
        }
      } catch {
        // Without an answer the rows stay as plain files; playing a locked one is refused by the host.
      } finally {
        missing.forEach((id) => pending.delete(id));
      }
    },

    async catalogueStateOf(id) {
      if (!get().catalogueById.has(id)) {
        try {
          const states = await bridge.catalogueStates([id]);
          store(states, [id]);
        } catch {
          return null;
        }
      }
      return get().catalogueById.get(id) ?? null;
    },

    async askToUnlock(id, title) {
      if (unlockInProgress(get().unlocks.get(id))) return;
      set((state) => ({
        tipToConfirm: { id, title, quote: null, error: null },
        unlockTitles: new Map(state.unlockTitles).set(id, title),
      }));
      get().openDialog('tipConfirm');
      const answer = await bridge.tipQuote(id).then(
        (quote) => ({ quote, error: null }),
        (error: unknown) => ({ quote: null, error: errorMessage(error) }),
      );
      if (get().tipToConfirm?.id === id) set({ tipToConfirm: { id, title, ...answer } });
    },

    async confirmUnlock() {
      const asked = get().tipToConfirm;
      get().closeDialog();
      set({ tipToConfirm: null });
      if (!asked?.quote) return;
      await get().unlockTrack(asked.id);
      if (get().unlocks.get(asked.id)?.step !== 'ready') return;
      // What the listener paid for starts at once; the rest of the list follows it, as on Enter.
      const state = get();
      await state.playQuery(trackQueryOf(state), asked.id, 0);
    },

    async unlockTrack(id) {
      if (unlockInProgress(get().unlocks.get(id))) return;
      get().receiveUnlockProgress({
        id,
        step: 'tipping',
        confirmations: { seen: 0, needed: 0 },
        message: 'Sending your tip…',
        failureReason: null,
      });
      try {
        get().receiveUnlockProgress(await bridge.unlockTrack(id));
      } catch (error) {
        get().receiveUnlockProgress({
          id,
          step: 'failed',
          confirmations: { seen: 0, needed: 0 },
          message: errorMessage(error),
          failureReason: errorMessage(error),
        });
      }
    },

    receiveUnlockProgress(progress) {
      set((state) => ({ unlocks: withUnlockProgress(state.unlocks, progress) }));
      if (progress.step !== 'ready') return;
      const known = get().catalogueById.get(progress.id);
      if (known && !known.unlocked) {
        set((state) => {
          const catalogueById = new Map(state.catalogueById);
          catalogueById.set(progress.id, { ...known, unlocked: true });
          return { catalogueById };
        });
      }
      // The tip moved ether: the balance shown is stale.
      void get().loadWallet();
    },

    async setAvailableOffline(id, offline) {
      try {
        const updated = await bridge.setAvailableOffline(id, offline);
        get().noticeSubjectSucceeded(`offline:${id}`);
        set((state) => {
          const catalogueById = new Map(state.catalogueById);
          catalogueById.set(updated.id, updated);
          return { catalogueById };
        });
      } catch (error) {
        get().notifyError(error, { subject: `offline:${id}` });
      }
    },

    catalogueChanged() {
      generation += 1;
      set({ catalogueById: new Map() });
      void get().loadNotListed();
      // Synced tracks join the library: its lists and counts are read again.
      bridge.libraryStats().then(
        (stats) => get().libraryChanged(stats),
        () => undefined,
      );
    },
  };
};
