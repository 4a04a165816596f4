import { useAppStore } from '../store/appStore';
import { trackQueryOf } from '../store/librarySlice';
import { BackIcon } from './icons';
import { TrackList } from './TrackList';

function countLabel(total: number | null, searchText: string, viewKind: string): string {
  if (total == null) return 'Loading…';
  if (viewKind === 'recentlyPlayed' && total === 0) {
    return 'Nothing played yet: songs appear here once you have heard half of them.';
  }
  if (searchText && total === 0) return `No songs match “${searchText}”.`;
  const songs = `${total.toLocaleString()} ${total === 1 ? 'song' : 'songs'}`;
  return searchText ? `${songs} match “${searchText}”` : songs;
}

function SectionTitle() {
  const view = useAppStore((s) => s.view);
  const searchText = useAppStore((s) => s.searchText);
  const showView = useAppStore((s) => s.showView);
  if (view.kind === 'album' || view.kind === 'artist') {
    const back = view.kind === 'album' ? 'albums' : 'artists';
    return (
      <div className="section-title">
        <button
          type="button"
          className="icon-button"
          aria-label={`Back to ${back}`}
          title={`Back to ${back}`}
          onClick={() => showView({ kind: back })}
        >
          <BackIcon />
        </button>
        <div>
          <h1>{view.kind === 'album' ? view.title : view.name}</h1>
          {view.kind === 'album' && view.artist ? <p className="section-title__sub">{view.artist}</p> : null}
        </div>
      </div>
    );
  }
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

/** Songs, search results, or one album's or artist's tracks: a title, a count and the list. */
export function TrackSection() {
  const total = useAppStore((s) => s.trackPages.total);
  const searchText = useAppStore((s) => s.searchText);
  const viewKind = useAppStore((s) => s.view.kind);
  const queryKey = useAppStore((s) => JSON.stringify(trackQueryOf(s)));
  return (
    <section className="track-section" aria-labelledby="section-heading">
      <header className="section-header" id="section-heading">
        <SectionTitle />
        <p className="section-count" aria-live="polite">
          {countLabel(total, searchText, viewKind)}
        </p>
      </header>
      <TrackList key={queryKey} />
    </section>
  );
}
