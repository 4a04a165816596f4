import { useVirtualizer } from '@tanstack/react-virtual';
import type { KeyboardEvent } from 'react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { itemAt } from '../logic/pageCache';
import { useAppStore } from '../store/appStore';
import { trackQueryOf } from '../store/librarySlice';
import { isPlayable, lockedTrackMessage, rowLockState } from '../logic/unlockProgress';
import { TrackRow } from './TrackRow';

const rowHeight = 36;
const headerHeight = 34;
/** Rows fetched beyond the visible ones, so scrolling rarely meets a placeholder. */
const prefetchRows = 100;
const libraryRow = { kind: 'library' } as const;

/**
 * The virtual track list: only the rows on screen exist in the page, and pages of tracks are
 * fetched as they come into view. Arrow keys move the selection; Enter or a double click
 * plays from the selected track.
 */
export function TrackList() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);
  const [selected, setSelected] = useState(-1);
  const pages = useAppStore((s) => s.trackPages);
  const loadTrackRange = useAppStore((s) => s.loadTrackRange);
  const playQuery = useAppStore((s) => s.playQuery);
  const currentId = useAppStore((s) => s.current?.id ?? null);
  const catalogueById = useAppStore((s) => s.catalogueById);
  const unlocks = useAppStore((s) => s.unlocks);
  const loadCatalogueStates = useAppStore((s) => s.loadCatalogueStates);
  const total = pages.total ?? 0;

  // No React Compiler here: the virtualizer re-renders this component itself as the list scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const rows = virtualizer.getVirtualItems();
  const firstVisible = rows[0]?.index ?? 0;
  const lastVisible = rows.at(-1)?.index ?? 0;

  useEffect(() => {
    loadTrackRange(Math.max(0, firstVisible - prefetchRows), lastVisible + prefetchRows);
  }, [firstVisible, lastVisible, pages.generation, loadTrackRange]);

  // Which visible tracks are from the catalogue (locked or not) is asked for the page on screen.
  const visibleIds = rows
    .map((row) => itemAt(pages, row.index)?.id)
    .filter((id): id is number => id != null)
    .join(',');
  useEffect(() => {
    if (visibleIds) void loadCatalogueStates(visibleIds.split(',').map(Number));
  }, [visibleIds, catalogueById, loadCatalogueStates]);

  const selectedIndex = Math.min(selected, total - 1);

  // After a keyboard move, focus follows the selection once its row is rendered.
  useLayoutEffect(() => {
    if (!focusPending.current) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${selectedIndex}"]`);
    if (row) {
      focusPending.current = false;
      row.focus({ preventScroll: true });
    }
  });

  const play = useCallback(
    (index: number) => {
      const state = useAppStore.getState();
      const track = itemAt(state.trackPages, index);
      if (track && !isPlayable(state.catalogueById.get(track.id))) {
        state.notify(lockedTrackMessage(track.title), 'info');
        return;
      }
      void playQuery(trackQueryOf(state), track?.id ?? null, index);
    },
    [playQuery],
  );

  const queueNext = (index: number) => {
    const state = useAppStore.getState();
    const track = itemAt(state.trackPages, index);
    if (!track) return;
    state.playNext([track.id]);
    state.notify(`“${track.title}” plays next.`, 'info');
  };

  const moveTo = (index: number) => {
    if (total === 0) return;
    const target = Math.max(0, Math.min(total - 1, index));
    setSelected(target);
    focusPending.current = true;
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const from = Math.max(selectedIndex, 0);
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex < 0 ? 0 : from + 1,
      ArrowUp: from - 1,
      PageDown: from + pageRows,
      PageUp: from - pageRows,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' && selectedIndex >= 0) {
      event.preventDefault();
      if (event.shiftKey) queueNext(selectedIndex);
      else play(selectedIndex);
    }
  };

  // Tabbing into the list lands on the selected row, even when it is scrolled out of the page.
  const onFocus = (event: React.FocusEvent<HTMLDivElement>) => {
    if (event.target === scrollRef.current) moveTo(Math.max(selectedIndex, 0));
  };
  const selectedRendered = rows.some((row) => row.index === selectedIndex);

  return (
    <div
      ref={scrollRef}
      className="track-grid"
      role="grid"
      aria-label="Tracks"
      aria-rowcount={total + 1}
      aria-colcount={6}
      tabIndex={selectedRendered ? -1 : 0}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div role="rowgroup" className="track-grid__head">
        <div role="row" aria-rowindex={1} className="track-row track-row--head">
          <div role="columnheader" className="track-row__number">
            #
          </div>
          <div role="columnheader">Title</div>
          <div role="columnheader">Artist</div>
          <div role="columnheader">Album</div>
          <div role="columnheader" className="track-row__duration">
            Time
          </div>
          <div role="columnheader" className="track-row__lock">
            Price
          </div>
        </div>
      </div>
      <div role="rowgroup" className="track-grid__body" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const track = itemAt(pages, row.index);
          return (
            <TrackRow
              key={row.index}
              index={row.index}
              track={track}
              top={row.start - headerHeight}
              selected={row.index === selectedIndex}
              playing={track != null && track.id === currentId}
              lock={track ? rowLockState(catalogueById.get(track.id), unlocks.get(track.id)) : libraryRow}
              onSelect={setSelected}
              onPlay={play}
            />
          );
        })}
      </div>
    </div>
  );
}
