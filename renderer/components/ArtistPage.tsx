import { useAppStore } from '../store/appStore';
import { trackQueryOf } from '../store/librarySlice';
import { AlbumCard } from './AlbumCard';
import { BackButton } from './BackButton';
import { TrackList } from './TrackList';
import { plural } from '../logic/plural';

/** One artist: the albums they are on, as covers, then all their songs. */
export function ArtistPage({ artistId, name }: { artistId: number; name: string }) {
  const albums = useAppStore((s) => s.albums);
  const total = useAppStore((s) => s.trackPages.total);
  const queryKey = useAppStore((s) => JSON.stringify(trackQueryOf(s)));
  const theirs = (albums ?? []).filter((album) => album.artistIds.includes(artistId));
  const counts = [
    albums ? plural(theirs.length, 'album', 'albums') : '',
    total == null ? '' : plural(total, 'song', 'songs'),
  ];

  return (
    <section className="detail-page" aria-labelledby="artist-heading">
      <header className="section-header">
        <div className="section-title">
          <BackButton />
          <h1 id="artist-heading">{name}</h1>
        </div>
        <p className="section-count">{counts.filter(Boolean).join(' · ') || 'Loading…'}</p>
      </header>
      <section className="artist-albums" aria-labelledby="artist-albums-heading">
        <h2 id="artist-albums-heading" className="detail-page__heading">
          Albums
        </h2>
        <ul className="artist-albums__list">
          {theirs.map((album) => (
            <li key={album.id}>
              <AlbumCard album={album} />
            </li>
          ))}
        </ul>
      </section>
      <section className="artist-songs" aria-labelledby="artist-songs-heading">
        <h2 id="artist-songs-heading" className="detail-page__heading">
          Songs
        </h2>
        <TrackList key={queryKey} />
      </section>
    </section>
  );
}
