import { useVirtualizer } from '@tanstack/react-virtual';
import type { DragEvent, KeyboardEvent } from 'react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatTrackLength } from '../logic/formatDuration';
import { playOrder } from '../logic/queueOrder';
import { lockBadgeText, rowLockState } from '../logic/unlockProgress';
import { useAppStore } from '../store/appStore';
import { CloseIcon, LockIcon, SpeakerIcon } from './icons';

const rowHeight = 48;
const dragType = 'application/x-busker-queue-position';

/**
 * The play queue in the order it will play, the current track marked. Entries are reordered by
 * dragging them or with Alt+↑/↓; ↑/↓ move between entries.
 */
export function QueueList() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusPosition = useRef<number | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const { queue, index, order } = useAppStore(
    useShallow((s) => ({ queue: s.queue, index: s.index, order: s.shuffleOrder })),
  );
  const tracksById = useAppStore((s) => s.tracksById);
  const catalogueById = useAppStore((s) => s.catalogueById);
  const unlocks = useAppStore((s) => s.unlocks);
  const { ensureTracks, playQueueIndex, removeFromQueue, moveInQueue, loadCatalogueStates } =
    useAppStore.getState();
  const entries = playOrder({ queue, shuffleOrder: order });
  const currentPosition = entries.indexOf(index);

  // No React Compiler here: the virtualizer re-renders this component itself as the list scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const visibleIds = rows.map((row) => queue[entries[row.index]!]!);
  const visibleKey = visibleIds.join(',');

  useEffect(() => {
    if (!visibleKey) return;
    const ids = visibleKey.split(',').map(Number);
    void ensureTracks(ids).catch(() => undefined);
    // A catalogue track queued before it was unlocked shows its price, as in the track list.
    void loadCatalogueStates(ids);
  }, [visibleKey, ensureTracks, loadCatalogueStates]);

  // Opening the list shows the current track.
  useEffect(() => {
    if (currentPosition > 0) virtualizer.scrollToIndex(currentPosition, { align: 'start' });
    // Only when the list opens, not on every track change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // After a keyboard move, focus follows the entry once its row is rendered.
  useLayoutEffect(() => {
    if (focusPosition.current === null) return;
    const button = scrollRef.current?.querySelector<HTMLElement>(
      `[data-position="${focusPosition.current}"] .queue-item__main`,
    );
    if (button) {
      focusPosition.current = null;
      button.focus({ preventScroll: true });
    }
  });

  const titleAt = (position: number) => tracksById.get(queue[entries[position]!]!)?.title ?? 'The track';

  const focusEntry = (position: number) => {
    focusPosition.current = position;
    virtualizer.scrollToIndex(position, { align: 'auto' });
  };

  const move = (from: number, to: number) => {
    if (to < 0 || to >= entries.length || from === to) return;
    const title = titleAt(from);
    moveInQueue(from, to);
    setAnnouncement(`${title} moved to position ${to + 1} of ${entries.length}.`);
    focusEntry(to);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, position: number) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    const step = event.key === 'ArrowUp' ? -1 : event.key === 'ArrowDown' ? 1 : 0;
    if (step === 0) return;
    event.preventDefault();
    if (event.altKey) move(position, position + step);
    else focusEntry(Math.max(0, Math.min(entries.length - 1, position + step)));
  };

  const onDragStart = (event: DragEvent<HTMLLIElement>, position: number) => {
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(dragType, String(position));
    setDragFrom(position);
  };
  const onDragOver = (event: DragEvent<HTMLLIElement>, position: number) => {
    if (dragFrom === null) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (dropAt !== position) setDropAt(position);
  };
  const onDrop = (event: DragEvent<HTMLLIElement>, position: number) => {
    event.preventDefault();
    if (dragFrom !== null) move(dragFrom, position);
    setDragFrom(null);
    setDropAt(null);
  };
  const onDragEnd = () => {
    setDragFrom(null);
    setDropAt(null);
  };

  return (
    <div ref={scrollRef} className="queue-panel__scroll">
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <ol aria-label="Queued tracks" className="queue-list" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const queueIndex = entries[row.index]!;
          const trackId = queue[queueIndex]!;
          const track = tracksById.get(trackId);
          const isCurrent = queueIndex === index;
          const lock = lockBadgeText(rowLockState(catalogueById.get(trackId), unlocks.get(trackId)));
          const className = [
            'queue-item',
            isCurrent && 'is-current',
            lock !== null && 'is-locked',
            row.index === dragFrom && 'is-dragged',
            row.index === dropAt && dropAt !== dragFrom && 'is-drop-target',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <li
              key={`${row.index}-${queueIndex}`}
              className={className}
              data-position={row.index}
              aria-current={isCurrent ? 'true' : undefined}
              style={{ transform: `translateY(${row.start}px)` }}
              draggable
              onDragStart={(event) => onDragStart(event, row.index)}
              onDragOver={(event) => onDragOver(event, row.index)}
              onDrop={(event) => onDrop(event, row.index)}
              onDragEnd={onDragEnd}
            >
              <button
                type="button"
                className="queue-item__main"
                aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                aria-description="Alt plus up or down arrow moves it in the queue"
                onClick={() => playQueueIndex(queueIndex)}
                onKeyDown={(event) => onKeyDown(event, row.index)}
              >
                <span className="queue-item__marker" aria-hidden="true">
                  {isCurrent ? <SpeakerIcon /> : row.index + 1}
                </span>
                <span className="queue-item__text">
                  <span className="queue-item__title">{track?.title ?? 'Loading…'}</span>
                  <span className="queue-item__artist">
                    {isCurrent ? <span className="visually-hidden">Now playing: </span> : null}
                    {track?.artist ?? ''}
                  </span>
                </span>
                {lock !== null ? (
                  <span className="lock-badge queue-item__lock" title="Locked">
                    <LockIcon className="lock-badge__icon" />
                    <span className="visually-hidden">Locked: </span>
                    {lock}
                  </span>
                ) : (
                  <span className="queue-item__duration">
                    {track ? formatTrackLength(track.durationMs) : ''}
                  </span>
                )}
              </button>
              <button
                type="button"
                className="icon-button queue-item__remove"
                aria-label="Remove from queue"
                title="Remove from queue"
                onClick={() => removeFromQueue(queueIndex)}
              >
                <CloseIcon />
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
