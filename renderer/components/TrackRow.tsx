import type { MouseEvent } from 'react';
import { memo } from 'react';
import type { TrackSummary } from '../../core/api/appApi';
import type { RowLockState } from '../logic/unlockProgress';
import { SpeakerIcon } from './icons';
import { TrackLockCell } from './TrackLockCell';
import { TrackCellText } from './TrackCellText';
import type { TrackColumn } from '../logic/trackColumns';

const cellClass: Record<TrackColumn, string> = {
  number: 'track-row__number',
  title: 'track-row__title',
  artist: 'track-row__artist',
  album: 'track-row__album',
  plays: 'track-row__plays',
  lastPlayed: 'track-row__last-played',
  duration: 'track-row__duration',
  price: 'track-row__lock',
};

const skeletonClass: Partial<Record<TrackColumn, string>> = {
  title: 'skeleton skeleton--wide',
  artist: 'skeleton',
  album: 'skeleton',
  duration: 'skeleton skeleton--short',
};

interface TrackRowProps {
  index: number;
  track: TrackSummary | undefined;
  top: number;
  selected: boolean;
  /** The row keyboard focus is on (the one Tab lands on). */
  focused: boolean;
  playing: boolean;
  lock: RowLockState;
  /** The columns that fit the list's width, in order. */
  columns: readonly TrackColumn[];
  /** When the list was opened: "Last played" counts from it (a play since reads "just now"). */
  now: number;
  onClickRow(index: number, event: MouseEvent): void;
  onFocusRow(index: number): void;
  onPlay(index: number): void;
  onMenu(index: number, event: MouseEvent): void;
  onDragRow(index: number, event: React.DragEvent): void;
}

/** A catalogue track's name says who is paid first; the file's own artist tag comes after. */
function rowName(track: TrackSummary): string {
  const tagged = track.taggedArtist !== undefined ? `, tagged as ${track.taggedArtist}` : '';
  return `${track.title}, ${track.artist}${tagged}, ${track.album}`;
}

/** One row of the track list; a placeholder while its page is loading. */
export const TrackRow = memo(function TrackRow({
  index,
  track,
  top,
  selected,
  focused,
  playing,
  lock,
  columns,
  now,
  onClickRow,
  onFocusRow,
  onPlay,
  onMenu,
  onDragRow,
}: TrackRowProps) {
  const className = [
    'track-row',
    selected && 'is-selected',
    playing && 'is-playing',
    !track && 'is-placeholder',
    (lock.kind === 'locked' || lock.kind === 'failed' || lock.kind === 'unlocking') && 'is-locked',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      role="row"
      className={className}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-current={playing ? 'true' : undefined}
      aria-label={track ? rowName(track) : 'Loading track'}
      tabIndex={focused ? 0 : -1}
      style={{ transform: `translateY(${top}px)` }}
      draggable={track !== undefined}
      onClick={(event) => onClickRow(index, event)}
      onFocus={() => onFocusRow(index)}
      onDoubleClick={() => onPlay(index)}
      onContextMenu={(event) => onMenu(index, event)}
      onDragStart={(event) => onDragRow(index, event)}
    >
      {columns.map((column, position) =>
        column === 'price' ? (
          track ? (
            <TrackLockCell
              key={column}
              trackId={track.id}
              title={track.title}
              payee={track.artist}
              lock={lock}
              colIndex={position + 1}
            />
          ) : (
            <div key={column} role="gridcell" className="track-row__lock" aria-colindex={position + 1} />
          )
        ) : (
          <div key={column} role="gridcell" className={cellClass[column]} aria-colindex={position + 1}>
            {column === 'number' ? (
              playing ? (
                <SpeakerIcon className="track-row__speaker" />
              ) : (
                index + 1
              )
            ) : track ? (
              <TrackCellText column={column} track={track} now={now} />
            ) : skeletonClass[column] ? (
              <span className={skeletonClass[column]} />
            ) : null}
          </div>
        ),
      )}
    </div>
  );
});
