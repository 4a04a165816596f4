import type {
  AlbumSummary,
  ArtistSummary,
  LibraryStats,
  TrackQuery,
  TrackSummary,
} from '../../core/api/appApi';
import type { PageCache } from '../logic/pageCache';
import { createPageCache, invalidated, pagesToFetch, reset, withPage } from '../logic/pageCache';
import type { SliceCreator } from './storeTypes';

export type LibraryView =
  | { kind: 'songs' }
  | { kind: 'albums' }
  | { kind: 'artists' }
  | { kind: 'publish' }
  | { kind: 'earnings' }
  | { kind: 'nowPlaying' }
  | { kind: 'recentlyAdded' }
  | { kind: 'recentlyPlayed' }
  | { kind: 'album'; albumId: number; title: string; artist: string }
  | { kind: 'artist'; artistId: number; name: string };

export interface LibrarySlice {
  stats: LibraryStats | null;
  view: LibraryView;
  /** What the search box holds; `searchText` follows it once typing pauses. */
  searchInput: string;
  searchText: string;
  trackPages: PageCache<TrackSummary>;
  albums: AlbumSummary[] | null;
  artists: ArtistSummary[] | null;
  loadStats(): Promise<void>;
  showView(view: LibraryView): void;
  setSearchInput(text: string): void;
  applySearch(text: string): void;
  clearSearch(): void;
  /** Makes sure the tracks at list indexes first..last are loaded or on their way. */
  loadTrackRange(first: number, last: number): void;
  libraryChanged(stats: LibraryStats): void;
}

export const trackPageSize = 200;
const maxCachedPages = 60;

/** The tracks the current view lists. */
export function trackQueryOf(state: Pick<LibrarySlice, 'view' | 'searchText'>): TrackQuery {
  switch (state.view.kind) {
    case 'album':
      return { albumId: state.view.albumId };
    case 'artist':
      return { artistId: state.view.artistId };
    case 'recentlyAdded':
      return { recent: 'added' };
    case 'recentlyPlayed':
      return { recent: 'played' };
    default:
      return state.searchText ? { text: state.searchText } : {};
  }
}

function sameQuery(a: TrackQuery, b: TrackQuery): boolean {
  return a.text === b.text && a.albumId === b.albumId && a.artistId === b.artistId && a.recent === b.recent;
}

export const createLibrarySlice: SliceCreator<LibrarySlice> = (bridge) => (set, get) => {
  const inFlight = new Set<string>();

  async function fetchPage(page: number, generation: number, query: TrackQuery) {
    const key = `${generation}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const result = await bridge.listTracks({
        ...query,
        offset: page * trackPageSize,
        limit: trackPageSize,
      });
      set((state) => ({
        trackPages: withPage(state.trackPages, page, generation, result.total, result.tracks),
      }));
    } catch (error) {
      if (get().trackPages.generation === generation) get().notifyError(error);
    } finally {
      inFlight.delete(key);
    }
  }

  async function loadAlbums() {
    try {
      set({ albums: await bridge.listAlbums() });
    } catch (error) {
      get().notifyError(error);
    }
  }

  async function loadArtists() {
    try {
      set({ artists: await bridge.listArtists() });
    } catch (error) {
      get().notifyError(error);
    }
  }

  /** Moves to a view and search, starting the track list over when its query changed. */
  function navigate(view: LibraryView, searchText: string) {
    const before = trackQueryOf(get());
    set({ view, searchText });
    if (!sameQuery(before, trackQueryOf(get()))) {
      set((state) => ({ trackPages: reset(state.trackPages) }));
    }
    if (view.kind === 'albums' && !get().albums) void loadAlbums();
    if (view.kind === 'artists' && !get().artists) void loadArtists();
  }

  return {
    stats: null,
    view: { kind: 'songs' },
    searchInput: '',
    searchText: '',
    trackPages: createPageCache<TrackSummary>(trackPageSize, maxCachedPages),
    albums: null,
    artists: null,

    async loadStats() {
      try {
        set({ stats: await bridge.libraryStats() });
      } catch (error) {
        get().notifyError(error);
      }
    },

    showView(view) {
      // Leaving for another section drops the search: it only filters songs.
      const keepSearch = view.kind === 'songs';
      if (!keepSearch) set({ searchInput: '' });
      navigate(view, keepSearch ? get().searchText : '');
    },

    setSearchInput: (text) => set({ searchInput: text }),

    applySearch(text) {
      const trimmed = text.trim();
      if (trimmed === get().searchText) return;
      navigate(trimmed ? { kind: 'songs' } : get().view, trimmed);
    },

    clearSearch() {
      set({ searchInput: '' });
      if (get().searchText) navigate(get().view, '');
    },

    loadTrackRange(first, last) {
      const { trackPages } = get();
      const query = trackQueryOf(get());
      for (const page of pagesToFetch(trackPages, first, last)) {
        void fetchPage(page, trackPages.generation, query);
      }
    },

    libraryChanged(stats) {
      set((state) => ({ stats, trackPages: invalidated(state.trackPages) }));
      void get().loadFolders();
      const { view, albums, artists } = get();
      if (albums || view.kind === 'albums') void loadAlbums();
      if (artists || view.kind === 'artists') void loadArtists();
    },
  };
};
