import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useElementWidth } from '../hooks/useElementWidth';
import type { AlbumSummary } from '../../core/api/appApi';
import { useAppStore } from '../store/appStore';
import type { LibraryView } from '../store/librarySlice';
import { AlbumCard } from './AlbumCard';
import { useCollectionMenu } from './CollectionMenu';
import { plural } from '../logic/plural';

const minCardWidth = 170;
const cardGap = 20;
const captionHeight = 48;

/** Every album as a cover card, virtualized by rows so thousands of albums stay smooth. */
export function AlbumGrid() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const albums = useAppStore((s) => s.albums);
  const showView = useAppStore((s) => s.showView);
  const width = useElementWidth(scrollRef);
  const columns = Math.max(1, Math.floor((width + cardGap) / (minCardWidth + cardGap)));
  const cardWidth = width > 0 ? (width - cardGap * (columns - 1)) / columns : minCardWidth;
  const rowHeight = cardWidth + captionHeight + cardGap;
  const list = albums ?? [];
  const rowCount = Math.ceil(list.length / columns);
  const menu = useCollectionMenu();

  // No React Compiler here: the virtualizer re-renders this component itself as the list scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 3,
  });

  return (
    <section className="browse-section" aria-labelledby="albums-heading">
      <header className="section-header">
        <div className="section-title">
          <h1 id="albums-heading">Albums</h1>
        </div>
        <p className="section-count">{albums ? plural(albums.length, 'album', 'albums') : 'Loading…'}</p>
      </header>
      <div ref={scrollRef} className="browse-scroll">
        <div
          role="list"
          aria-label="Albums"
          className="album-grid"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((row) => (
            <div
              key={`${row.index}-${columns}`}
              role="none"
              className="album-grid__row"
              style={{
                transform: `translateY(${row.start}px)`,
                gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              }}
            >
              {list.slice(row.index * columns, row.index * columns + columns).map((album) => (
                <div role="listitem" key={album.id}>
                  <AlbumCard album={album} menuHandlers={menu.handlers(albumMenuTarget(album, showView))} />
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
      {menu.element}
    </section>
  );
}

function albumMenuTarget(album: AlbumSummary, showView: (view: LibraryView) => void) {
  const view = { kind: 'album', albumId: album.id, title: album.title, artist: album.artist } as const;
  return {
    label: `Album: ${album.title}`,
    query: { albumId: album.id },
    goTo: { label: 'Go to album', onSelect: () => showView(view) },
  };
}
