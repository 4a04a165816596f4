import { resolve } from 'node:path';
import { defaultDataDir } from '../base/dataDir';

/**
 * The folder named by `BUSKER_DATA_DIR`, made absolute, or null when unset. It replaces
 * Electron's userData folder (library, window state and Chromium's profile alike), which is
 * how tests and a second profile run without touching the user's own library.
 */
export function dataDirOverride(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string | null {
  const value = env.BUSKER_DATA_DIR?.trim();
  return value ? resolve(cwd, value) : null;
}

/**
 * Where the desktop app keeps everything: `BUSKER_DATA_DIR`, else the folder the `busker` command
 * and the devnet's network file use too (base/dataDir.ts), so they all see one library.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return dataDirOverride(env, cwd) ?? defaultDataDir(env);
}
