import type { TrackSummary } from '../../core/api/appApi';
import { formatTrackLength } from '../logic/formatDuration';
import { formatFullDate, formatTimeAgo } from '../logic/relativeDate';
import type { TrackColumn } from '../logic/trackColumns';

/** What a track list cell shows for one column (the number and price cells are the row's own). */
export function TrackCellText({
  column,
  track,
  now,
}: {
  column: Exclude<TrackColumn, 'number' | 'price'>;
  track: TrackSummary;
  /** The time "3 days ago" counts from. */
  now: number;
}) {
  switch (column) {
    case 'title':
      return track.title;
    case 'artist':
      return (
        <>
          {track.artist}
          {track.taggedArtist !== undefined ? (
            <>
              {' '}
              <span className="track-row__tagged-artist">tagged as {track.taggedArtist}</span>
            </>
          ) : null}
        </>
      );
    case 'album':
      return track.album;
    case 'plays':
      return track.playCount.toLocaleString();
    case 'lastPlayed':
      if (track.lastPlayedAt == null) return <span title="Never played">Never</span>;
      return (
        <time
          dateTime={new Date(track.lastPlayedAt).toISOString()}
          title={formatFullDate(track.lastPlayedAt)}
        >
          {formatTimeAgo(track.lastPlayedAt, now)}
        </time>
      );
    case 'duration':
      return formatTrackLength(track.durationMs);
  }
}
