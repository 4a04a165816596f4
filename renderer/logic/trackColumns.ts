/**
 * The track list's columns and which of them fit a width. Columns are left out (not just hidden
 * by CSS) so the grid's aria-colcount and each cell's aria-colindex say what is really there.
 */
export type TrackColumn =
  'number' | 'title' | 'artist' | 'album' | 'plays' | 'lastPlayed' | 'duration' | 'price';

export interface TrackColumnSpec {
  column: TrackColumn;
  /** Its track in the CSS grid-template-columns. */
  size: string;
  /** Below this width (the list's own, in CSS pixels) the column is left out; none: it always stays. */
  minimumWidth?: number;
}

/** Every column, in the order shown. Title and Artist have no minimum: they always stay. */
export const trackColumns: readonly TrackColumnSpec[] = [
  { column: 'number', size: '48px' },
  { column: 'title', size: 'minmax(0, 2.2fr)' },
  { column: 'artist', size: 'minmax(0, 1.5fr)' },
  { column: 'album', size: 'minmax(0, 1.5fr)', minimumWidth: 720 },
  { column: 'plays', size: '52px', minimumWidth: 860 },
  { column: 'lastPlayed', size: '112px', minimumWidth: 980 },
  { column: 'duration', size: '64px' },
  { column: 'price', size: '220px', minimumWidth: 500 },
];

const sizes = new Map(trackColumns.map(({ column, size }) => [column, size]));

/** The columns shown in a list this wide; an unmeasured list (width 0) shows them all. */
export function visibleTrackColumns(width: number): TrackColumn[] {
  return trackColumns
    .filter(({ minimumWidth }) => width <= 0 || width >= (minimumWidth ?? 0))
    .map(({ column }) => column);
}

/** The CSS grid-template-columns for these columns. */
export function trackColumnTemplate(columns: readonly TrackColumn[]): string {
  return columns.map((column) => sizes.get(column)).join(' ');
}
