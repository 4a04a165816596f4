import type { LibrarySearchResult, SearchLimits } from '../../core/api/appApi';
import type { SliceCreator } from './storeTypes';

/** Artists and albums shown above the songs while searching: the best few, then a count. */
export const searchGroupLimits: SearchLimits = { artists: 4, albums: 4, songs: 0 };

export interface SearchSlice {
  /** The grouped results of `text`; null before the first search answers. */
  searchGroups: { text: string; result: LibrarySearchResult } | null;
  /** Asks for the groups of `text`; an answer for an older text than the newest asked is dropped. */
  loadSearchGroups(text: string): Promise<void>;
}

export const createSearchSlice: SliceCreator<SearchSlice> = (bridge) => (set, get) => {
  let latest = '';
  return {
    searchGroups: null,

    async loadSearchGroups(text) {
      latest = text;
      try {
        const result = await bridge.searchLibrary(text, searchGroupLimits);
        if (latest === text) set({ searchGroups: { text, result } });
      } catch (error) {
        if (latest === text) get().notifyError(error);
      }
    },
  };
};
