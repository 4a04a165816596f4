import { useState } from 'react';
import { bridge } from '../bridge/bridge';
import { MusicIcon } from './icons';

interface CoverImageProps {
  coverId: number | null;
  className?: string;
  /** What the picture is, when it is more than decoration beside the album's title. */
  alt?: string;
}

/** An album cover, or a calm placeholder when there is none or it fails to load. */
export function CoverImage({ coverId, className, alt = '' }: CoverImageProps) {
  const [failedId, setFailedId] = useState<number | null>(null);
  const classes = className ? `cover ${className}` : 'cover';
  if (coverId == null || failedId === coverId) {
    return (
      <div className={`${classes} cover--empty`} aria-hidden="true">
        <MusicIcon />
      </div>
    );
  }
  return (
    <img
      className={classes}
      src={bridge.coverUrl(coverId)}
      alt={alt}
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => setFailedId(coverId)}
    />
  );
}
