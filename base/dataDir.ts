import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Busker keeps its library on this platform, following each platform's convention. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Busker');
    case 'win32':
      return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Busker');
    default:
      // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
      return join(
        env.XDG_DATA_HOME?.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share'),
        'busker',
      );
  }
}

/** Where Busker keeps what it can rebuild (compiled code), following each platform's convention. */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Caches', 'Busker');
    case 'win32':
      return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'Busker', 'Cache');
    default:
      return join(env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : join(home, '.cache'), 'busker');
  }
}
