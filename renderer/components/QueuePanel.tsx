import type { ReactNode } from 'react';
import { playOrder } from '../logic/queueOrder';
import { useAppStore } from '../store/appStore';
import { CloseIcon } from './icons';
import { QueueList } from './QueueList';
import { plural } from '../logic/plural';

/** The play queue beside the main view: its size, Clear and the list itself. */
export function QueuePanel() {
  const count = useAppStore((s) => s.queue.length);
  const { clearQueue, toggleQueue } = useAppStore.getState();
  return (
    <aside id="queue-panel" className="queue-panel" aria-labelledby="queue-heading">
      <QueueHeader count={count} headingId="queue-heading" onClear={clearQueue}>
        <button type="button" className="icon-button" aria-label="Close queue" onClick={toggleQueue}>
          <CloseIcon />
        </button>
      </QueueHeader>
      <QueueBody count={count} />
    </aside>
  );
}

interface QueueHeaderProps {
  count: number;
  headingId: string;
  onClear(): void;
  children?: ReactNode;
}

/** Asks for a name for a new playlist holding the queue, in the order it plays. */
function saveQueue() {
  const state = useAppStore.getState();
  const trackIds = playOrder({ queue: state.queue, shuffleOrder: state.shuffleOrder }).map(
    (position) => state.queue[position]!,
  );
  state.askPlaylistTask({ kind: 'create', trackIds });
}

export function QueueHeader({ count, headingId, onClear, children }: QueueHeaderProps) {
  return (
    <header className="queue-panel__header">
      <h2 id={headingId}>Queue</h2>
      <span className="queue-panel__count">{plural(count, 'track', 'tracks')}</span>
      <button type="button" className="text-button" disabled={count === 0} onClick={onClear}>
        Clear queue
      </button>
      {children}
      <button
        type="button"
        className="text-button queue-panel__save"
        disabled={count === 0}
        onClick={saveQueue}
      >
        Save queue as playlist…
      </button>
    </header>
  );
}

export function QueueBody({ count }: { count: number }) {
  if (count === 0) {
    return (
      <p className="queue-panel__empty">
        The queue is empty. Double-click a song, or press Enter on it, to play.
      </p>
    );
  }
  return <QueueList />;
}
