import { useEffect } from 'react';
import type { TrackSummary } from '../../core/api/appApi';
import { formatTotalLength, formatTrackLength } from '../logic/formatDuration';
import { itemAt } from '../logic/pageCache';
import { isPlayable, lockedTrackMessage } from '../logic/unlockProgress';
import { useAppStore } from '../store/appStore';
import { BackButton } from './BackButton';
import { CoverImage } from './CoverImage';
import { PlayIcon, ShuffleIcon, SpeakerIcon } from './icons';
import { plural } from '../logic/plural';

interface Disc {
  number: number;
  /** Each track with its place in the album's play order. */
  tracks: { track: TrackSummary; index: number }[];
}

function discsOf(tracks: (TrackSummary | undefined)[]): Disc[] {
  const discs = new Map<number, Disc>();
  tracks.forEach((track, index) => {
    if (!track) return;
    const number = track.discNumber ?? 1;
    let disc = discs.get(number);
    if (!disc) discs.set(number, (disc = { number, tracks: [] }));
    disc.tracks.push({ track, index });
  });
  return [...discs.values()].sort((a, b) => a.number - b.number);
}

/** Plays the album from a track (in order), or shuffled from a random one. */
function playAlbum(albumId: number, from: { trackId: number | null; index: number }, shuffle: boolean) {
  const state = useAppStore.getState();
  if (from.trackId != null && !isPlayable(state.catalogueById.get(from.trackId))) {
    const track = itemAt(state.trackPages, from.index);
    state.notify(lockedTrackMessage(track?.title ?? 'This song'), 'info');
    return;
  }
  if (state.shuffle !== shuffle) state.toggleShuffle();
  void state.playQuery({ albumId }, from.trackId, from.index);
}

/** One album: its cover and facts, Play and Shuffle, and its songs disc by disc. */
export function AlbumPage({ albumId, title, artist }: { albumId: number; title: string; artist: string }) {
  const album = useAppStore((s) => s.albums?.find((candidate) => candidate.id === albumId) ?? null);
  const pages = useAppStore((s) => s.trackPages);
  const currentId = useAppStore((s) => s.current?.id ?? null);
  const loadTrackRange = useAppStore((s) => s.loadTrackRange);
  const loadCatalogueStates = useAppStore((s) => s.loadCatalogueStates);
  const showView = useAppStore((s) => s.showView);
  const total = pages.total ?? 0;

  // An album is short: every track is loaded, no virtual scrolling.
  useEffect(() => {
    loadTrackRange(0, Math.max(total - 1, 0));
  }, [total, pages.generation, loadTrackRange]);

  const tracks = Array.from({ length: total }, (_, index) => itemAt(pages, index));
  const ids = tracks.flatMap((track) => (track ? [track.id] : [])).join(',');
  useEffect(() => {
    if (ids) void loadCatalogueStates(ids.split(',').map(Number));
  }, [ids, loadCatalogueStates]);

  const discs = discsOf(tracks);
  const facts = [
    album?.year ? String(album.year) : '',
    pages.total == null ? '' : plural(total, 'song', 'songs'),
    formatTotalLength(album?.durationMs ?? null),
  ].filter(Boolean);

  return (
    <section className="detail-page" aria-labelledby="album-heading">
      <div className="detail-page__scroll">
        <div className="detail-page__nav">
          <BackButton />
        </div>
        <header className="album-hero">
          <CoverImage
            coverId={album?.coverId ?? null}
            className="album-hero__cover"
            alt={`Cover of ${title}`}
          />
          <div className="album-hero__text">
            <p className="album-hero__kind">Album</p>
            <h1 id="album-heading" className="album-hero__title">
              {title}
            </h1>
            {album ? (
              <button
                type="button"
                className="album-hero__artist"
                onClick={() => showView({ kind: 'artist', artistId: album.artistId, name: album.artist })}
              >
                {album.artist}
              </button>
            ) : (
              <p className="album-hero__artist">{artist}</p>
            )}
            <p className="album-hero__facts">{facts.join(' · ')}</p>
            <div className="album-hero__actions">
              <button
                type="button"
                className="primary-button"
                aria-label="Play album"
                disabled={total === 0}
                onClick={() => playAlbum(albumId, { trackId: null, index: 0 }, false)}
              >
                <PlayIcon />
                Play
              </button>
              <button
                type="button"
                className="secondary-button"
                aria-label="Shuffle album"
                disabled={total === 0}
                onClick={() =>
                  playAlbum(albumId, { trackId: null, index: Math.floor(Math.random() * total) }, true)
                }
              >
                <ShuffleIcon />
                Shuffle
              </button>
            </div>
          </div>
        </header>
        {discs.map((disc) => (
          <section
            key={disc.number}
            className="album-disc"
            aria-label={discs.length > 1 ? undefined : 'Songs'}
            aria-labelledby={discs.length > 1 ? `disc-${disc.number}` : undefined}
          >
            {discs.length > 1 ? (
              <h2 id={`disc-${disc.number}`} className="album-disc__heading">
                Disc {disc.number}
              </h2>
            ) : null}
            <ol className="album-tracks">
              {disc.tracks.map(({ track, index }) => {
                const playing = track.id === currentId;
                return (
                  <li key={track.id}>
                    <button
                      type="button"
                      className={playing ? 'album-track is-playing' : 'album-track'}
                      aria-current={playing ? 'true' : undefined}
                      onClick={() =>
                        playAlbum(albumId, { trackId: track.id, index }, useAppStore.getState().shuffle)
                      }
                    >
                      <span className="album-track__number" aria-hidden="true">
                        {playing ? <SpeakerIcon /> : (track.trackNumber ?? index + 1)}
                      </span>
                      <span className="album-track__title">
                        <span className="visually-hidden">Play </span>
                        {track.title}
                      </span>
                      <span className="album-track__artist">
                        {track.artist === album?.artist ? '' : track.artist}
                      </span>
                      <span className="album-track__duration">{formatTrackLength(track.durationMs)}</span>
                    </button>
                  </li>
                );
              })}
            </ol>
          </section>
        ))}
      </div>
    </section>
  );
}
