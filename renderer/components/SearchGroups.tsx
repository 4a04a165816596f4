import type { AlbumSummary, ArtistSummary, SearchGroup } from '../../core/api/appApi';
import { useAppStore } from '../store/appStore';
import { CoverImage } from './CoverImage';
import { plural } from '../logic/plural';

function GroupHeading({ id, title, group }: { id: string; title: string; group: SearchGroup<unknown> }) {
  const more =
    group.total > group.items.length
      ? ` · best ${group.items.length} of ${group.total.toLocaleString()}`
      : '';
  return (
    <h2 id={id} className="search-group__heading">
      {title}
      <span className="search-group__count">{more || ` · ${group.total.toLocaleString()}`}</span>
    </h2>
  );
}

function ArtistGroup({ group }: { group: SearchGroup<ArtistSummary> }) {
  const showView = useAppStore((s) => s.showView);
  return (
    <section className="search-group" aria-labelledby="search-artists-heading">
      <GroupHeading id="search-artists-heading" title="Artists" group={group} />
      <ul className="search-group__list">
        {group.items.map((artist) => (
          <li key={artist.id}>
            <button
              type="button"
              className="search-hit"
              onClick={() => showView({ kind: 'artist', artistId: artist.id, name: artist.name })}
            >
              <span className="search-hit__initial" aria-hidden="true">
                {[...artist.name.trim()][0]?.toUpperCase() ?? '?'}
              </span>
              <span className="search-hit__text">
                <span className="search-hit__name">{artist.name}</span>
                <span className="search-hit__detail">{plural(artist.trackCount, 'song', 'songs')}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AlbumGroup({ group }: { group: SearchGroup<AlbumSummary> }) {
  const showView = useAppStore((s) => s.showView);
  return (
    <section className="search-group" aria-labelledby="search-albums-heading">
      <GroupHeading id="search-albums-heading" title="Albums" group={group} />
      <ul className="search-group__list">
        {group.items.map((album) => (
          <li key={album.id}>
            <button
              type="button"
              className="search-hit"
              onClick={() =>
                showView({ kind: 'album', albumId: album.id, title: album.title, artist: album.artist })
              }
            >
              <CoverImage coverId={album.coverId} className="search-hit__cover" />
              <span className="search-hit__text">
                <span className="search-hit__name">{album.title || 'Untitled album'}</span>
                <span className="search-hit__detail">{album.artist}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The artists and albums a search found, above its songs; groups with no hit are left out. */
export function SearchGroups() {
  const groups = useAppStore((s) => s.searchGroups);
  const searchText = useAppStore((s) => s.searchText);
  if (!groups || groups.text !== searchText) return null;
  const { artists, albums } = groups.result;
  if (artists.total === 0 && albums.total === 0) return null;
  return (
    <div className="search-groups">
      {artists.total > 0 ? <ArtistGroup group={artists} /> : null}
      {albums.total > 0 ? <AlbumGroup group={albums} /> : null}
    </div>
  );
}

/** What a search that found nothing shows instead of empty lists. */
export function NothingFound({ text }: { text: string }) {
  return (
    <div className="nothing-found" role="status">
      <h2 className="nothing-found__title">Nothing found for “{text}”</h2>
      <p className="nothing-found__hint">
        Check the spelling or type fewer letters: the start of a word is enough, and accents don’t matter.
        Emoji and symbols on their own match nothing.
      </p>
    </div>
  );
}
