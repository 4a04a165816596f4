import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useAppStore } from '../store/appStore';
import { useCollectionMenu } from './CollectionMenu';
import { plural } from '../logic/plural';

const rowHeight = 52;

/** Every artist, virtualized; choosing one lists their tracks. */
export function ArtistList() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const artists = useAppStore((s) => s.artists);
  const showView = useAppStore((s) => s.showView);
  const list = artists ?? [];
  const menu = useCollectionMenu();
  // No React Compiler here: the virtualizer re-renders this component itself as the list scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: list.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });

  return (
    <section className="browse-section" aria-labelledby="artists-heading">
      <header className="section-header">
        <div className="section-title">
          <h1 id="artists-heading">Artists</h1>
        </div>
        <p className="section-count">{artists ? plural(artists.length, 'artist', 'artists') : 'Loading…'}</p>
      </header>
      <div ref={scrollRef} className="browse-scroll">
        <div
          role="list"
          aria-label="Artists"
          className="artist-list"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((row) => {
            const artist = list[row.index]!;
            return (
              <div
                role="listitem"
                key={artist.id}
                className="artist-list__item"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <button
                  type="button"
                  className="artist-row"
                  onClick={() => showView({ kind: 'artist', artistId: artist.id, name: artist.name })}
                  {...menu.handlers({
                    label: `Artist: ${artist.name}`,
                    query: { artistId: artist.id },
                    goTo: {
                      label: 'Go to artist',
                      onSelect: () => showView({ kind: 'artist', artistId: artist.id, name: artist.name }),
                    },
                  })}
                >
                  <span className="artist-row__initial" aria-hidden="true">
                    {[...artist.name.trim()][0]?.toUpperCase() ?? '?'}
                  </span>
                  <span className="artist-row__name">{artist.name}</span>
                  <span className="artist-row__counts">
                    {plural(artist.albumCount, 'album', 'albums')} ·{' '}
                    {plural(artist.trackCount, 'song', 'songs')}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      {menu.element}
    </section>
  );
}
