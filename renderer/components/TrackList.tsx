import { useVirtualizer } from '@tanstack/react-virtual';
import type { CSSProperties, KeyboardEvent, MouseEvent } from 'react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TrackSummary } from '../../core/api/appApi';
import type { ListSelection } from '../logic/listSelection';
import { emptySelection, selectAll, selectAt, selectedIndexes } from '../logic/listSelection';
import { itemAt } from '../logic/pageCache';
import { startTrackDrag } from './trackDrag';
import { useAppStore } from '../store/appStore';
import { trackQueryOf } from '../store/librarySlice';
import { isPlayable, lockedTrackMessage, rowLockState } from '../logic/unlockProgress';
import { ContextMenu } from './ContextMenu';
import { TrackColumnHeader } from './SortableHeader';
import { useElementWidth } from '../hooks/useElementWidth';
import type { TrackColumn } from '../logic/trackColumns';
import { trackColumnTemplate, visibleTrackColumns } from '../logic/trackColumns';
import { trackMenuItems } from './trackMenuItems';
import { TrackRow } from './TrackRow';

const rowHeight = 36;
const headerHeight = 34;
/** Rows fetched beyond the visible ones, so scrolling rarely meets a placeholder. */
const prefetchRows = 100;
const libraryRow = { kind: 'library' } as const;

/** The ContextMenu key or Shift+F10: the keyboard's right click. */
export function isMenuKey(event: KeyboardEvent): boolean {
  return event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10');
}

/**
 * The virtual track list: only the rows on screen exist in the page, and pages of tracks are
 * fetched as they come into view. Arrow keys move (Shift extends the selection), a click selects
 * (Ctrl/Cmd toggles, Shift a range), Ctrl+A selects all; Enter or a double click plays; a right
 * click or the menu key opens the track menu for the selection.
 */
export function TrackList() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);
  const [selection, setSelection] = useState<ListSelection>(emptySelection);
  const [menu, setMenu] = useState<{ x: number; y: number; tracks: TrackSummary[] } | null>(null);
  const pages = useAppStore((s) => s.trackPages);
  const loadTrackRange = useAppStore((s) => s.loadTrackRange);
  const playQuery = useAppStore((s) => s.playQuery);
  const currentId = useAppStore((s) => s.current?.id ?? null);
  const catalogueById = useAppStore((s) => s.catalogueById);
  const unlocks = useAppStore((s) => s.unlocks);
  const loadCatalogueStates = useAppStore((s) => s.loadCatalogueStates);
  const total = pages.total ?? 0;
  const columnKey = visibleTrackColumns(useElementWidth(scrollRef)).join(' ');
  // One array per set of columns, so the memoized rows re-render only when the set changes.
  const [openedAt] = useState(() => Date.now());
  const columns = useMemo(() => columnKey.split(' ') as TrackColumn[], [columnKey]);

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

  const focusIndex = Math.min(selection.focus, total - 1);

  // After a keyboard move, focus follows the selection once its row is rendered.
  useLayoutEffect(() => {
    if (!focusPending.current) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`);
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

  /** The loaded tracks of the selection, in list order (rows still loading are left out). */
  const selectedTracks = (chosen: ListSelection): TrackSummary[] =>
    selectedIndexes(chosen).flatMap((index) => itemAt(useAppStore.getState().trackPages, index) ?? []);

  const queueNext = (index: number) => {
    const state = useAppStore.getState();
    const track = itemAt(state.trackPages, index);
    if (!track) return;
    state.playNext([track.id]);
    state.notify(`“${track.title}” plays next.`, 'info');
  };

  const moveTo = (index: number, extend: boolean) => {
    if (total === 0) return;
    const target = Math.max(0, Math.min(total - 1, index));
    setSelection((before) => selectAt(before, target, { range: extend, toggle: false }));
    focusPending.current = true;
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const openMenu = (x: number, y: number, chosen: ListSelection) => {
    const tracks = selectedTracks(chosen);
    if (tracks.length > 0) setMenu({ x, y, tracks });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (isMenuKey(event)) {
      event.preventDefault();
      const row = scrollRef.current?.querySelector(`[data-index="${focusIndex}"]`)?.getBoundingClientRect();
      if (row) openMenu(row.left + 48, row.bottom, selection);
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      setSelection((before) => selectAll(total, before));
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Keys pressed on a control in a row ("Tip & unlock", "Keep offline") belong to that control.
    if (event.target instanceof Element && event.target.closest('button, input, a[href]')) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const from = Math.max(focusIndex, 0);
    const moves: Record<string, number> = {
      ArrowDown: focusIndex < 0 ? 0 : from + 1,
      ArrowUp: from - 1,
      PageDown: from + pageRows,
      PageUp: from - pageRows,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target, event.shiftKey);
    } else if (event.key === 'Enter' && focusIndex >= 0) {
      event.preventDefault();
      if (event.shiftKey) queueNext(focusIndex);
      else play(focusIndex);
    }
  };

  const onClickRow = useCallback((index: number, event: MouseEvent) => {
    setSelection((before) =>
      selectAt(before, index, { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey }),
    );
  }, []);
  // Focus alone (a Tab, a click's focus) moves the focused row; the selection follows only when empty.
  const onFocusRow = useCallback((index: number) => {
    setSelection((before) =>
      before.focus === index
        ? before
        : before.selected.size === 0
          ? selectAt(before, index, { range: false, toggle: false })
          : { ...before, focus: index },
    );
  }, []);
  const onMenu = (index: number, event: MouseEvent) => {
    event.preventDefault();
    // A right click outside the selection selects that row first, as file managers do.
    const chosen = selection.selected.has(index)
      ? selection
      : selectAt(selection, index, { range: false, toggle: false });
    setSelection(chosen);
    openMenu(event.clientX, event.clientY, chosen);
  };
  const onDragRow = (index: number, event: React.DragEvent) => {
    const chosen = selection.selected.has(index)
      ? selection
      : selectAt(selection, index, { range: false, toggle: false });
    setSelection(chosen);
    startTrackDrag(
      event,
      selectedTracks(chosen).map((track) => track.id),
    );
  };
  const closeMenu = useCallback(() => {
    setMenu(null);
    focusPending.current = true;
  }, []);

  // Tabbing into the list lands on the focused row, even when it is scrolled out of the page.
  const onFocus = (event: React.FocusEvent<HTMLDivElement>) => {
    if (event.target === scrollRef.current) moveTo(Math.max(focusIndex, 0), false);
  };
  const focusRendered = rows.some((row) => row.index === focusIndex);

  return (
    <>
      <div
        ref={scrollRef}
        className="track-grid track-grid--library"
        role="grid"
        aria-label="Tracks"
        aria-multiselectable="true"
        aria-rowcount={total + 1}
        aria-colcount={columns.length}
        style={{ '--track-columns': trackColumnTemplate(columns) } as CSSProperties}
        tabIndex={focusRendered ? -1 : 0}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <div role="rowgroup" className="track-grid__head">
          <div role="row" aria-rowindex={1} className="track-row track-row--head">
            {columns.map((column, position) => (
              <TrackColumnHeader key={column} column={column} colIndex={position + 1} />
            ))}
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
                selected={selection.selected.has(row.index)}
                focused={row.index === focusIndex}
                playing={track != null && track.id === currentId}
                columns={columns}
                now={openedAt}
                lock={track ? rowLockState(catalogueById.get(track.id), unlocks.get(track.id)) : libraryRow}
                onClickRow={onClickRow}
                onFocusRow={onFocusRow}
                onPlay={play}
                onMenu={onMenu}
                onDragRow={onDragRow}
              />
            );
          })}
        </div>
      </div>
      {menu ? (
        <ContextMenu
          label={
            menu.tracks.length === 1 ? `Track: ${menu.tracks[0]!.title}` : `${menu.tracks.length} tracks`
          }
          items={trackMenuItems(useAppStore.getState(), menu.tracks)}
          x={menu.x}
          y={menu.y}
          onClose={closeMenu}
        />
      ) : null}
    </>
  );
}
