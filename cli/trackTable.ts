import type { TrackSummary } from '../core/api/appApi';
import { printable } from './cliCommand';

interface Column {
  title: string;
  max: number;
  align: 'left' | 'right';
  cell(track: TrackSummary): string;
}

function formatDuration(ms: number | null): string {
  if (ms == null) return '';
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const columns: Column[] = [
  { title: 'ID', max: 10, align: 'right', cell: (track) => String(track.id) },
  { title: 'Title', max: 40, align: 'left', cell: (track) => track.title },
  { title: 'Artist', max: 28, align: 'left', cell: (track) => track.artist },
  { title: 'Album', max: 28, align: 'left', cell: (track) => track.album },
  { title: 'Time', max: 8, align: 'right', cell: (track) => formatDuration(track.durationMs) },
];

// East Asian wide and fullwidth characters take two terminal cells; combining marks take none.
const wideCharacter =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{20000}-\u{3FFFD}]/u;
const zeroWidth = /\p{M}/u;

function cellWidth(character: string): number {
  if (zeroWidth.test(character)) return 0;
  return wideCharacter.test(character) ? 2 : 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += cellWidth(character);
  return width;
}

function fit(text: string, width: number, align: Column['align']): string {
  let cut = printable(text);
  if (displayWidth(cut) > width) {
    let kept = '';
    let used = 0;
    for (const character of cut) {
      if (used + cellWidth(character) > width - 1) break;
      kept += character;
      used += cellWidth(character);
    }
    cut = `${kept}…`;
  }
  const padding = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'left' ? cut + padding : padding + cut;
}

/** Tracks as an aligned plain-text table, one row each, long cells cut with an ellipsis. */
export function formatTrackTable(tracks: TrackSummary[]): string {
  const widths = columns.map((column) =>
    Math.min(
      column.max,
      Math.max(column.title.length, ...tracks.map((track) => displayWidth(printable(column.cell(track))))),
    ),
  );
  const row = (cells: (column: Column) => string) =>
    columns
      .map((column, index) => fit(cells(column), widths[index] ?? column.max, column.align))
      .join('  ')
      .trimEnd();
  const lines = [
    row((column) => column.title),
    ...tracks.map((track) => row((column) => column.cell(track))),
  ];
  return `${lines.join('\n')}\n`;
}
