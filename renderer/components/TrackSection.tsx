import { useAppStore } from '../store/appStore';
import { trackQueryOf } from '../store/librarySlice';
import { TrackList } from './TrackList';

function countLabel(total: number | null, searchText: string): string {
  if (total == null) return 'Loading…';
  if (searchText && total === 0) return `No songs match “${searchText}”.`;
  const songs = `${total.toLocaleString()} ${total === 1 ? 'song' : 'songs'}`;
  return searchText ? `${songs} match “${searchText}”` : songs;
}

function SectionTitle() {
  const searchText = useAppStore((s) => s.searchText);
  return (
    <div className="section-title">
      <h1>{searchText ? 'Search results' : 'Songs'}</h1>
    </div>
  );
}

/** Songs or search results: a title, a count and the list. */
export function TrackSection() {
  const total = useAppStore((s) => s.trackPages.total);
  const searchText = useAppStore((s) => s.searchText);
  const queryKey = useAppStore((s) => JSON.stringify(trackQueryOf(s)));
  return (
    <section className="track-section" aria-labelledby="section-heading">
      <header className="section-header" id="section-heading">
        <SectionTitle />
        <p className="section-count" aria-live="polite">
          {countLabel(total, searchText)}
        </p>
      </header>
      <TrackList key={queryKey} />
    </section>
  );
}
