import { resolve } from 'node:path';

/**
 * The folder named by `BUSKER_DATA_DIR`, made absolute, or null when unset. It replaces
 * Electron's userData folder (library, window state and Chromium's profile alike), which is
 * how tests and a second profile run without touching the user's own library.
 */
export function dataDirOverride(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string | null {
  const value = env.BUSKER_DATA_DIR?.trim();
  return value ? resolve(cwd, value) : null;
}
