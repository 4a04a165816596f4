/**
 * The words of the system notification that names a newly playing track (when to show one is
 * the renderer's rule: renderer/logic/trackChangeNotice.ts).
 * Tags are hostile input: the text is kept plain and on one line, control characters removed
 * (and text-direction overrides, which could disguise it) and long tags cut, and each host shows it as text (never markup, never HTML).
 */

export interface TrackNotice {
  /** "Title — Artist". */
  title: string;
  /** The album, or empty. */
  body: string;
}

const maxLength = 200;

/** Control characters, line separators and text-direction overrides. */
function invisible(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function oneLine(text: string): string {
  const plain = [...text]
    .map((char) => (invisible(char) ? ' ' : char))
    .join('')
    .replace(/\s+/g, ' ');
  const trimmed = plain.trim();
  return trimmed.length > maxLength ? `${trimmed.slice(0, maxLength - 1)}…` : trimmed;
}

export function trackNotice(track: { title: string; artist: string; album: string }): TrackNotice {
  const title = oneLine(track.title) || 'Unknown song';
  const artist = oneLine(track.artist);
  return { title: artist ? `${title} — ${artist}` : title, body: oneLine(track.album) };
}
