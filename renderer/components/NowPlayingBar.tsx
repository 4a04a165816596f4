import { useAppStore } from '../store/appStore';
import { CoverImage } from './CoverImage';
import { NextIcon, PauseIcon, PlayIcon, PreviousIcon, QueueIcon, RepeatIcon, ShuffleIcon } from './icons';
import { PlayerProblem } from './PlayerProblem';
import { SeekSlider } from './SeekSlider';
import { VolumeControl } from './VolumeControl';

const repeatTitles = {
  off: 'Repeat is off (R)',
  all: 'Repeating the queue (R)',
  one: 'Repeating this track (R)',
};

function TrackInfo() {
  const current = useAppStore((s) => s.current);
  const showView = useAppStore((s) => s.showView);
  const showNowPlaying = () => showView({ kind: 'nowPlaying' });
  if (!current) {
    return (
      <div className="now-playing__track">
        <CoverImage coverId={null} className="now-playing__cover" />
        <p className="now-playing__idle">Nothing playing</p>
      </div>
    );
  }
  return (
    <div className="now-playing__track">
      <button
        type="button"
        className="now-playing__open"
        aria-label="Show now playing"
        title="Show now playing"
        onClick={showNowPlaying}
      >
        <CoverImage coverId={current.coverId} className="now-playing__cover" />
      </button>
      <div className="now-playing__text">
        <p className="now-playing__title" data-testid="now-playing-title" title={current.title}>
          <button type="button" className="now-playing__title-button" onClick={showNowPlaying}>
            {current.title}
          </button>
        </p>
        <p className="now-playing__artist" title={`${current.artist} — ${current.album}`}>
          {current.artist}
        </p>
      </div>
    </div>
  );
}

function TransportControls() {
  const playing = useAppStore((s) => s.playing);
  const shuffle = useAppStore((s) => s.shuffle);
  const repeat = useAppStore((s) => s.repeat);
  const hasQueue = useAppStore((s) => s.queue.length > 0);
  const { togglePlay, next, previous, toggleShuffle, cycleRepeat } = useAppStore.getState();
  return (
    <div className="transport">
      <button
        type="button"
        className="icon-button toggle"
        aria-label="Shuffle"
        aria-pressed={shuffle}
        aria-keyshortcuts="S"
        title={shuffle ? 'Shuffle is on (S)' : 'Shuffle is off (S)'}
        onClick={toggleShuffle}
      >
        <ShuffleIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Previous track"
        aria-keyshortcuts="Control+ArrowLeft Meta+ArrowLeft"
        title="Previous track (Ctrl ←)"
        disabled={!hasQueue}
        onClick={previous}
      >
        <PreviousIcon />
      </button>
      <button
        type="button"
        className="play-button"
        aria-label={playing ? 'Pause' : 'Play'}
        aria-keyshortcuts="Space"
        title={playing ? 'Pause (Space)' : 'Play (Space)'}
        onClick={togglePlay}
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Next track"
        aria-keyshortcuts="Control+ArrowRight Meta+ArrowRight"
        title="Next track (Ctrl →)"
        disabled={!hasQueue}
        onClick={next}
      >
        <NextIcon />
      </button>
      <button
        type="button"
        className={`icon-button toggle repeat-${repeat}`}
        aria-label="Repeat"
        aria-pressed={repeat !== 'off'}
        aria-description={
          repeat === 'one' ? 'Repeating this track' : repeat === 'all' ? 'Repeating the queue' : undefined
        }
        aria-keyshortcuts="R"
        title={repeatTitles[repeat]}
        onClick={cycleRepeat}
      >
        <RepeatIcon />
        {repeat === 'one' ? (
          <span className="repeat-one-badge" aria-hidden="true">
            1
          </span>
        ) : null}
      </button>
    </div>
  );
}

/** The bar at the bottom: what plays, the transport, the seek slider, volume and the queue toggle. */
export function NowPlayingBar() {
  // The Now playing view shows the queue itself: there the button leaves for Songs with the panel.
  const onNowPlaying = useAppStore((s) => s.view.kind === 'nowPlaying');
  const queueOpen = useAppStore((s) => s.queueOpen) && !onNowPlaying;
  const { toggleQueue, showView } = useAppStore.getState();
  const onQueueClick = () => {
    if (!onNowPlaying) return toggleQueue();
    if (!useAppStore.getState().queueOpen) toggleQueue();
    showView({ kind: 'songs' });
  };
  return (
    <footer className="now-playing" aria-label="Now playing">
      <PlayerProblem />
      <TrackInfo />
      <div className="now-playing__center">
        <TransportControls />
        <SeekSlider />
      </div>
      <div className="now-playing__side">
        <button
          type="button"
          className="icon-button toggle"
          aria-label="Show queue"
          aria-pressed={queueOpen}
          aria-controls={queueOpen ? 'queue-panel' : undefined}
          title="Queue"
          onClick={onQueueClick}
        >
          <QueueIcon />
        </button>
        <VolumeControl />
      </div>
    </footer>
  );
}
