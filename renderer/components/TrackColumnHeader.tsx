import type { TrackColumn } from '../logic/trackColumns';
import { SortableHeader } from './SortableHeader';

const headers: Record<Exclude<TrackColumn, 'number' | 'price'>, { label: string; title?: string }> = {
  title: { label: 'Title' },
  artist: { label: 'Artist' },
  album: { label: 'Album' },
  plays: { label: 'Plays', title: 'Play count' },
  lastPlayed: { label: 'Last played' },
  duration: { label: 'Time' },
};

/** The track list's header cell for a column: a sort button, or plain text for # and Price. */
export function TrackColumnHeader({ column, colIndex }: { column: TrackColumn; colIndex: number }) {
  if (column === 'number' || column === 'price') {
    return (
      <div
        role="columnheader"
        className={column === 'number' ? 'track-row__number' : 'track-row__lock'}
        aria-colindex={colIndex}
      >
        {column === 'number' ? '#' : 'Price'}
      </div>
    );
  }
  const { label, title } = headers[column];
  const className = column === 'title' || column === 'artist' ? undefined : cellClassOf(column);
  return (
    <SortableHeader column={column} label={label} title={title} className={className} colIndex={colIndex} />
  );
}

function cellClassOf(column: 'album' | 'plays' | 'lastPlayed' | 'duration'): string {
  return column === 'lastPlayed' ? 'track-row__last-played' : `track-row__${column}`;
}
