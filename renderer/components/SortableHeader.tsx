import type { TrackSortColumn } from '../../core/api/appApi';
import type { TrackColumn } from '../logic/trackColumns';
import { useAppStore } from '../store/appStore';

/** A column header that sorts the list by its column; pressing it again reverses the order. */
export function SortableHeader({
  column,
  label,
  className,
  colIndex,
  title,
}: {
  column: TrackSortColumn;
  label: string;
  className?: string;
  colIndex?: number;
  /** A longer name when the label is abbreviated. */
  title?: string;
}) {
  const sort = useAppStore((s) => (s.trackSort?.column === column ? s.trackSort : null));
  const sortTracksBy = useAppStore((s) => s.sortTracksBy);
  const direction = sort ? (sort.descending ? 'descending' : 'ascending') : 'none';
  return (
    <div role="columnheader" className={className} aria-sort={direction} aria-colindex={colIndex}>
      <button
        type="button"
        className="sort-button"
        onClick={() => sortTracksBy(column)}
        title={`Sort by ${(title ?? label).toLowerCase()}`}
      >
        {label}
        <span aria-hidden="true" className="sort-button__arrow">
          {sort ? (sort.descending ? '▼' : '▲') : ''}
        </span>
      </button>
    </div>
  );
}

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
