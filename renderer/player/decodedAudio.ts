/**
 * Fetches a whole file and decodes it for Web Audio, so it can start at an exact sample. Only
 * files small enough to hold decoded are taken: the rest stream through a media element.
 */

/** Compressed bytes decoded whole at most: a long lossless file decodes to hundreds of MB. */
export const MAX_DECODED_FILE_BYTES = 60 * 1024 * 1024;
/** Tracks longer than this stream instead: 12 min of 48 kHz stereo is 276 MB decoded. */
export const MAX_DECODED_SECONDS = 12 * 60;

/** The decoded file, or null when it is too large or cannot be decoded here (stream it instead). */
export async function decodeWholeFile(
  context: BaseAudioContext,
  file: Promise<Response>,
): Promise<AudioBuffer | null> {
  try {
    const response = await file;
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    if (!response.ok || !(length > 0 && length <= MAX_DECODED_FILE_BYTES)) {
      await response.body?.cancel();
      return null;
    }
    const buffer = await context.decodeAudioData(await response.arrayBuffer());
    return buffer.duration <= MAX_DECODED_SECONDS ? buffer : null;
  } catch {
    return null;
  }
}
