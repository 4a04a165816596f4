import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';
import { trackQueryOf } from '../store/librarySlice';
import { NothingFound, SearchGroups } from './SearchGroups';
import { TrackList } from './TrackList';
import { UnlockFailures } from './UnlockFailures';
import { plural } from '../logic/plural';

function countLabel(total: number | null, searchText: string, viewKind: string): string {
  if (total == null) return 'Loading…';
  if (viewKind === 'recentlyPlayed' && total === 0) {
    return 'Nothing played yet: songs appear here once you have heard half of them.';
  }
  if (searchText && total === 0) return `No songs match “${searchText}”.`;
  const songs = plural(total, 'song', 'songs');
  return searchText ? `${songs} match “${searchText}”` : songs;
}

function SectionTitle() {
  const view = useAppStore((s) => s.view);
  const searchText = useAppStore((s) => s.searchText);
  const title =
    view.kind === 'recentlyAdded'
      ? 'Recently added'
      : view.kind === 'recentlyPlayed'
        ? 'Recently played'
        : searchText
          ? 'Search results'
          : 'Songs';
  return (
    <div className="section-title">
      <h1>{title}</h1>
    </div>
  );
}

/** True once the search for `searchText` answered with no artist, album or song. */
function useNothingFound(searchText: string): boolean {
  return useAppStore((s) => {
    const groups = s.searchGroups;
    if (!searchText || groups?.text !== searchText) return false;
    const { artists, albums, songs } = groups.result;
    return artists.total === 0 && albums.total === 0 && songs.total === 0;
  });
}

/**
 * Songs, search results or a recent list: a title, a count and the list. A search shows the
 * artists and albums it found above its songs, or says it found nothing.
 */
export function TrackSection() {
  const total = useAppStore((s) => s.trackPages.total);
  const searchText = useAppStore((s) => s.searchText);
  const stats = useAppStore((s) => s.stats);
  const loadSearchGroups = useAppStore((s) => s.loadSearchGroups);
  const viewKind = useAppStore((s) => s.view.kind);
  const queryKey = useAppStore((s) => JSON.stringify(trackQueryOf(s)));
  const nothingFound = useNothingFound(searchText);

  // Again when the library changes, so the groups follow an import under way.
  useEffect(() => {
    if (searchText) void loadSearchGroups(searchText);
  }, [searchText, stats, loadSearchGroups]);

  return (
    <section className="track-section" aria-labelledby="section-heading">
      <header className="section-header" id="section-heading">
        <SectionTitle />
        <p className="section-count" aria-live="polite">
          {nothingFound ? '' : countLabel(total, searchText, viewKind)}
        </p>
      </header>
      <UnlockFailures />
      {nothingFound ? (
        <NothingFound text={searchText} />
      ) : (
        <>
          {searchText ? <SearchGroups /> : null}
          {searchText ? <h2 className="search-songs-heading">Songs</h2> : null}
          <TrackList key={queryKey} />
        </>
      )}
    </section>
  );
}
