import type {
  AlbumSummary,
  ArtistSummary,
  LibraryStats,
  TrackQuery,
  TrackSort,
  TrackSortColumn,
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
  | { kind: 'artist'; artistId: number; name: string }
  | { kind: 'playlist'; playlistId: number };

export interface LibrarySlice {
  stats: LibraryStats | null;
  view: LibraryView;
  /** The views before this one, latest last, for Back. */
  viewHistory: LibraryView[];
  /** What the search box holds; `searchText` follows it once typing pauses. */
  searchInput: string;
  searchText: string;
  trackPages: PageCache<TrackSummary>;
  /** The column the track list is sorted by (remembered); null: the library's own order. */
  trackSort: TrackSort | null;
  albums: AlbumSummary[] | null;
  artists: ArtistSummary[] | null;
  loadStats(): Promise<void>;
  showView(view: LibraryView): void;
  /** Returns to the previous view (from an album or artist page, its list when there is none). */
  goBack(): void;
  setSearchInput(text: string): void;
  applySearch(text: string): void;
  clearSearch(): void;
  /** Sorts by `column`; the same column again reverses it. */
  sortTracksBy(column: TrackSortColumn): void;
  /** Makes sure the tracks at list indexes first..last are loaded or on their way. */
  loadTrackRange(first: number, last: number): void;
  libraryChanged(stats: LibraryStats): void;
}

export const trackPageSize = 200;
const maxCachedPages = 60;
const maxViewHistory = 30;

/** The tracks the current view lists. */
export function trackQueryOf(state: Pick<LibrarySlice, 'view' | 'searchText' | 'trackSort'>): TrackQuery {
  const sort = state.trackSort ? { sort: state.trackSort } : {};
  switch (state.view.kind) {
    case 'album':
      return { albumId: state.view.albumId, ...sort };
    case 'artist':
      return { artistId: state.view.artistId, ...sort };
    case 'recentlyAdded':
      return { recent: 'added', ...sort };
    case 'recentlyPlayed':
      return { recent: 'played', ...sort };
    default:
      return state.searchText ? { text: state.searchText, ...sort } : sort;
  }
}

function sameQuery(a: TrackQuery, b: TrackQuery): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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

  let albumsLoading: Promise<void> | null = null;

  /** Loads the album list; views opened while it loads share the one request. */
  function loadAlbums(): Promise<void> {
    albumsLoading ??= bridge
      .listAlbums()
      .then((albums) => set({ albums }))
      .catch((error: unknown) => get().notifyError(error))
      .finally(() => {
        albumsLoading = null;
      });
    return albumsLoading;
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
    // Album and artist pages take their details from the album list.
    const needsAlbums = view.kind === 'albums' || view.kind === 'album' || view.kind === 'artist';
    if (needsAlbums && !get().albums) void loadAlbums();
    if (view.kind === 'artists' && !get().artists) void loadArtists();
  }

  return {
    stats: null,
    view: { kind: 'songs' },
    viewHistory: [],
    searchInput: '',
    searchText: '',
    trackPages: createPageCache<TrackSummary>(trackPageSize, maxCachedPages),
    trackSort: null,
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
      const before = get().view;
      if (JSON.stringify(before) !== JSON.stringify(view)) {
        set((state) => ({ viewHistory: [...state.viewHistory, before].slice(-maxViewHistory) }));
      }
      navigate(view, keepSearch ? get().searchText : '');
    },

    goBack() {
      const { view, viewHistory } = get();
      const previous =
        viewHistory.at(-1) ??
        (view.kind === 'album' ? { kind: 'albums' } : view.kind === 'artist' ? { kind: 'artists' } : null);
      if (!previous) return;
      set({ viewHistory: viewHistory.slice(0, -1), searchInput: '' });
      navigate(previous, '');
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

    sortTracksBy(column) {
      const before = get().trackSort;
      set({ trackSort: { column, descending: before?.column === column ? !before.descending : false } });
      set((state) => ({ trackPages: reset(state.trackPages) }));
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
      // Removed tracks leave their playlists: counts and the open playlist follow.
      void get().loadPlaylists();
      const { view, albums, artists } = get();
      if (albums || view.kind === 'albums' || view.kind === 'album' || view.kind === 'artist') {
        // After any request under way, which may have been answered before the change.
        void (albumsLoading ?? Promise.resolve()).then(loadAlbums);
      }
      if (artists || view.kind === 'artists') void loadArtists();
    },
  };
};
