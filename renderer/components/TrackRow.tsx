import type { MouseEvent } from 'react';
import { memo } from 'react';
import type { TrackSummary } from '../../core/api/appApi';
import { formatTrackLength } from '../logic/formatDuration';
import type { RowLockState } from '../logic/unlockProgress';
import { SpeakerIcon } from './icons';
import { TrackLockCell } from './TrackLockCell';

interface TrackRowProps {
  index: number;
  track: TrackSummary | undefined;
  top: number;
  selected: boolean;
  /** The row keyboard focus is on (the one Tab lands on). */
  focused: boolean;
  playing: boolean;
  lock: RowLockState;
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
      <div role="gridcell" className="track-row__number">
        {playing ? <SpeakerIcon className="track-row__speaker" /> : index + 1}
      </div>
      {track ? (
        <>
          <div role="gridcell" className="track-row__title">
            {track.title}
          </div>
          <div role="gridcell" className="track-row__artist">
            {track.artist}
            {track.taggedArtist !== undefined ? (
              <>
                {' '}
                <span className="track-row__tagged-artist">tagged as {track.taggedArtist}</span>
              </>
            ) : null}
          </div>
          <div role="gridcell" className="track-row__album">
            {track.album}
          </div>
          <div role="gridcell" className="track-row__duration">
            {formatTrackLength(track.durationMs)}
          </div>
          <TrackLockCell trackId={track.id} title={track.title} payee={track.artist} lock={lock} />
        </>
      ) : (
        <>
          <div role="gridcell" className="track-row__title">
            <span className="skeleton skeleton--wide" />
          </div>
          <div role="gridcell" className="track-row__artist">
            <span className="skeleton" />
          </div>
          <div role="gridcell" className="track-row__album">
            <span className="skeleton" />
          </div>
          <div role="gridcell" className="track-row__duration">
            <span className="skeleton skeleton--short" />
          </div>
          <div role="gridcell" className="track-row__lock" />
        </>
      )}
    </div>
  );
});
