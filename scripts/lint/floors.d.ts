// Types of floors.js, which stays JavaScript so that eslint.config.js can load it as it is.
export interface Floor {
  /** Globs of repository paths that stand on this floor (the last matching floor wins). */
  files: string[];
  /** How the floor is named in messages, e.g. "protocol/". */
  floor: string;
  /** What the floor is for, in a line. */
  purpose: string;
  /** Repository paths (folders, or files without extension) it may import. */
  may: string[];
  /** Repository paths it may import as types only. */
  types?: string[];
  /**
   * Tests, their helpers and benchmarks: code that runs the app's code, never code the app runs,
   * so a floor without it may not import a file that stands on one (even in its own folder).
   */
  tests?: true;
  /** 'node': Node built-ins only, other packages as types only. */
  packages?: 'any' | 'node';
}

export const floors: Floor[];
export function floorOf(table: readonly Floor[], path: string): Floor | null;
export function mayImport(floor: Floor, target: string, typeOnly: boolean): boolean;
export function allowedInWords(floor: Floor): string;
