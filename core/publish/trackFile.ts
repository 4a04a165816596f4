// What the publish pipeline needs to know about a file before taking it on: that it is audio by
// its bytes, not empty, not too large, and its tags and cover (size-capped), read once.
import { open, stat } from 'node:fs/promises';
import { TrackReadError, toReadError } from '../library/tagReader';
import { sharedTagThreads } from '../library/tagThreads';
import { PublishError } from './publishError';
import type { TrackMetadataDocument } from '../../protocol/trackMetadata';
import { buildTrackMetadata } from './metadataFromTags';
import { MAX_PUBLISH_BYTES } from './publishLimits';

export interface InspectedTrack {
  size: number;
  metadata: TrackMetadataDocument;
  cover: Buffer | null;
}

export async function inspectTrackFile(path: string): Promise<InspectedTrack> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new PublishError('UNREADABLE', `${path} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof PublishError) throw error;
    throw new PublishError('UNREADABLE', toReadError(error).reason, { cause: error });
  }
  if (size === 0) throw new PublishError('EMPTY_FILE', 'This file is empty: there is no audio to publish.');
  if (size > MAX_PUBLISH_BYTES) {
    throw new PublishError(
      'TOO_LARGE',
      `This file is ${formatBytes(size)}; Busker publishes files up to ${formatBytes(MAX_PUBLISH_BYTES)}. Split it into tracks.`,
    );
  }
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new PublishError('UNREADABLE', toReadError(error).reason, { cause: error });
  }
  try {
    const read = await sharedTagThreads.read({ fd: handle.fd, path, size });
    if (!read.audio) {
      throw new PublishError('NOT_AUDIO', `This file is not audio: it starts like ${read.looksLike}.`);
    }
    const { sniffed, tags } = read;
    return {
      size,
      metadata: buildTrackMetadata({
        title: tags.title,
        artist: tags.artist,
        album: tags.album,
        trackNumber: tags.trackNumber,
        durationMs: tags.durationMs,
        mime: sniffed.mime,
        size,
      }),
      cover: tags.cover ? Buffer.from(tags.cover.bytes) : null,
    };
  } catch (error) {
    if (error instanceof PublishError) throw error;
    if (error instanceof TrackReadError) throw new PublishError('UNREADABLE', error.reason, { cause: error });
    throw new PublishError('UNREADABLE', toReadError(error).reason, { cause: error });
  } finally {
    await handle.close();
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GiB`
    : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
