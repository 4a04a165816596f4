import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatTrackLength } from '../logic/formatDuration';
import { playOrder } from '../logic/queueOrder';
import { useAppStore } from '../store/appStore';
import { CloseIcon, SpeakerIcon } from './icons';

const rowHeight = 48;

/** The play queue in the order it will play, the current track marked. */
export function QueuePanel() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { queue, index, order } = useAppStore(
    useShallow((s) => ({ queue: s.queue, index: s.index, order: s.shuffleOrder })),
  );
  const tracksById = useAppStore((s) => s.tracksById);
  const { ensureTracks, playQueueIndex, removeFromQueue, clearQueue, toggleQueue } = useAppStore.getState();
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
    if (visibleKey) void ensureTracks(visibleKey.split(',').map(Number)).catch(() => undefined);
  }, [visibleKey, ensureTracks]);

  // Opening the panel shows the current track.
  useEffect(() => {
    if (currentPosition > 0) virtualizer.scrollToIndex(currentPosition, { align: 'start' });
    // Only when the panel opens, not on every track change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <aside id="queue-panel" className="queue-panel" aria-labelledby="queue-heading">
      <header className="queue-panel__header">
        <h2 id="queue-heading">Queue</h2>
        <span className="queue-panel__count">
          {queue.length.toLocaleString()} {queue.length === 1 ? 'track' : 'tracks'}
        </span>
        <button type="button" className="text-button" disabled={queue.length === 0} onClick={clearQueue}>
          Clear queue
        </button>
        <button type="button" className="icon-button" aria-label="Close queue" onClick={toggleQueue}>
          <CloseIcon />
        </button>
      </header>
      {queue.length === 0 ? (
        <p className="queue-panel__empty">
          The queue is empty. Double-click a song, or press Enter on it, to play.
        </p>
      ) : (
        <div ref={scrollRef} className="queue-panel__scroll">
          <ol
            aria-label="Queued tracks"
            className="queue-list"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {rows.map((row) => {
              const queueIndex = entries[row.index]!;
              const track = tracksById.get(queue[queueIndex]!);
              const isCurrent = queueIndex === index;
              return (
                <li
                  key={`${row.index}-${queueIndex}`}
                  className={isCurrent ? 'queue-item is-current' : 'queue-item'}
                  aria-current={isCurrent ? 'true' : undefined}
                  style={{ transform: `translateY(${row.start}px)` }}
                >
                  <button
                    type="button"
                    className="queue-item__main"
                    onClick={() => playQueueIndex(queueIndex)}
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
                    <span className="queue-item__duration">
                      {track ? formatTrackLength(track.durationMs) : ''}
                    </span>
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
      )}
    </aside>
  );
}
