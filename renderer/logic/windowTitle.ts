/** The window's title: the playing track while one plays, Busker otherwise. */
export function windowTitle(track: { title: string; artist: string } | null, playing: boolean): string {
  return track && playing ? `${track.title} — ${track.artist} · Busker` : 'Busker';
}
