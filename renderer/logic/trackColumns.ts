/**
 * The track list's columns and which of them fit a width. Columns are left out (not just hidden
 * by CSS) so the grid's aria-colcount and each cell's aria-colindex say what is really there.
 */
export type TrackColumn =
  'number' | 'title' | 'artist' | 'album' | 'plays' | 'lastPlayed' | 'duration' | 'price';

const allColumns: readonly TrackColumn[] = [
  'number',
  'title',
  'artist',
  'album',
  'plays',
  'lastPlayed',
  'duration',
  'price',
];

/** Below each width (the list's own, in CSS pixels) a column is left out; Title and Artist stay. */
const minimumWidths: Partial<Record<TrackColumn, number>> = {
  lastPlayed: 980,
  plays: 860,
  album: 720,
  price: 500,
};

const trackSizes: Record<TrackColumn, string> = {
  number: '48px',
  title: 'minmax(0, 2.2fr)',
  artist: 'minmax(0, 1.5fr)',
  album: 'minmax(0, 1.5fr)',
  plays: '52px',
  lastPlayed: '112px',
  duration: '64px',
  price: '220px',
};

/** The columns shown in a list this wide; an unmeasured list (width 0) shows them all. */
export function visibleTrackColumns(width: number): TrackColumn[] {
  return allColumns.filter((column) => width <= 0 || width >= (minimumWidths[column] ?? 0));
}

/** The CSS grid-template-columns for these columns. */
export function trackColumnTemplate(columns: readonly TrackColumn[]): string {
  return columns.map((column) => trackSizes[column]).join(' ');
}
