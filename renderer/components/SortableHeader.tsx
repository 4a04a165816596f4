import type { TrackSortColumn } from '../../core/api/appApi';
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
