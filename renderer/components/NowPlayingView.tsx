import type { TrackSummary } from '../../core/api/appApi';
import { audioFormatForMime } from '../logic/audioFormat';
import { formatTrackLength } from '../logic/formatDuration';
import { useAppStore } from '../store/appStore';
import { CoverImage } from './CoverImage';
import { QueueBody, QueueHeader } from './QueuePanel';

function formatName(mime: string): string {
  return (audioFormatForMime(mime) ?? mime.split('/').at(-1) ?? mime).toUpperCase();
}

function playsLabel(track: TrackSummary): string {
  if (track.playCount === 0) return 'Not played yet';
  const times = track.playCount === 1 ? 'once' : `${track.playCount.toLocaleString()} times`;
  if (track.lastPlayedAt == null) return `Played ${times}`;
  const when = new Date(track.lastPlayedAt).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return `Played ${times}, last on ${when}`;
}

function TrackDetails({ track }: { track: TrackSummary }) {
  const details: [string, string][] = [
    ['Album', track.album || 'Unknown album'],
    ['Year', track.year == null ? '—' : String(track.year)],
    ['Format', formatName(track.mime)],
    ['Length', formatTrackLength(track.durationMs)],
    ['Plays', playsLabel(track)],
  ];
  return (
    <dl className="now-playing-view__details">
      {details.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The playing track large, with its details, and the queue beside it (below it when narrow). */
export function NowPlayingView() {
  const current = useAppStore((s) => s.current);
  const count = useAppStore((s) => s.queue.length);
  const clearQueue = useAppStore((s) => s.clearQueue);
  return (
    <section className="now-playing-view" aria-labelledby="now-playing-heading">
      <div className="now-playing-view__track">
        <h1 id="now-playing-heading" className="now-playing-view__heading">
          Now playing
        </h1>
        <CoverImage coverId={current?.coverId ?? null} className="now-playing-view__cover" />
        {current ? (
          <>
            <div className="now-playing-view__names">
              <p className="now-playing-view__title">{current.title}</p>
              <p className="now-playing-view__artist">{current.artist}</p>
            </div>
            <TrackDetails track={current} />
          </>
        ) : (
          <p className="now-playing-view__idle">
            Nothing is playing. Double-click a song, or press Enter on it, to play.
          </p>
        )}
      </div>
      <div className="now-playing-view__queue queue-panel" role="region" aria-labelledby="now-playing-queue">
        <QueueHeader count={count} headingId="now-playing-queue" onClear={clearQueue} />
        <QueueBody count={count} />
      </div>
    </section>
  );
}
