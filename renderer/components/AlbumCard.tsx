import type { AlbumSummary } from '../../core/api/appApi';
import { useAppStore } from '../store/appStore';
import { CoverImage } from './CoverImage';

/** An album's cover, title and artist; choosing it opens the album page. */
export function AlbumCard({
  album,
  menuHandlers,
}: {
  album: AlbumSummary;
  /** The album's context menu (right click, Shift+F10), where the view offers one. */
  menuHandlers?: React.ButtonHTMLAttributes<HTMLButtonElement>;
}) {
  const showView = useAppStore((s) => s.showView);
  return (
    <button
      type="button"
      className="album-card"
      onClick={() => showView({ kind: 'album', albumId: album.id, title: album.title, artist: album.artist })}
      {...menuHandlers}
    >
      <CoverImage coverId={album.coverId} className="album-card__cover" />
      <span className="album-card__title">{album.title}</span>
      <span className="album-card__artist">
        {album.artist}
        {album.year ? ` · ${album.year}` : ''}
      </span>
    </button>
  );
}
