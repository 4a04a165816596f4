import type { Database } from 'better-sqlite3';
import { up as chain } from './001_chain';
import { up as tips } from './002_tips';

export interface ChainMigration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** Every chain-store migration in order; a new one is a new numbered file appended here. */
export const chainMigrations: readonly ChainMigration[] = [
  { version: 1, name: 'chain', up: chain },
  { version: 2, name: 'tips', up: tips },
];
