// The two storage backends as the shared test suites see them: make a database, open it (again),
// copy it, and read its raw bytes off the disk.
import { copyFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { KeyStore } from '../store/keyStore';
import { openPostgresKeyStore } from '../store/postgresKeyStore';
import { openSqliteKeyStore } from '../store/sqliteKeyStore';
import { startPostgresCluster } from './postgresCluster';

export interface TestDatabase {
  /** Opens a store on this database; every call opens the same data. */
  open(options?: { schemaVersion?: number }): Promise<KeyStore>;
  /** A new database holding a copy of this one's data (close its stores first). */
  copy(): Promise<TestDatabase>;
  /** Every byte the backend keeps on disk for this database (after a checkpoint). */
  rawBytes(): Promise<Buffer>;
  /** Runs SQL directly, bypassing the store (migration tests). */
  exec(sql: string): Promise<void>;
}

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  createDatabase(): Promise<TestDatabase>;
  stop(): Promise<void>;
}

let databaseCount = 0;

export async function startSqliteBackend(): Promise<TestBackend> {
  const folder = await mkdtemp(join(tmpdir(), 'busker-keyserver-sqlite-'));
  const database = (file: string): TestDatabase => ({
    open: async (options = {}) => openSqliteKeyStore(file, options),
    async copy() {
      const copied = join(folder, `copy-${(databaseCount += 1)}.sqlite`);
      await copyFile(file, copied);
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(file + suffix)) await copyFile(file + suffix, copied + suffix);
      }
      return database(copied);
    },
    async rawBytes() {
      const parts = [];
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(file + suffix)) parts.push(await readFile(file + suffix));
      }
      return Buffer.concat(parts);
    },
    async exec(sql) {
      const db = new Database(file);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
  });
  return {
    name: 'sqlite',
    createDatabase: async () => database(join(folder, `keys-${(databaseCount += 1)}.sqlite`)),
    stop: () => rm(folder, { recursive: true, force: true }),
  };
}

export async function startPostgresBackend(): Promise<TestBackend> {
  const cluster = await startPostgresCluster();
  const database = (name: string, url: string): TestDatabase => ({
    open: (options = {}) => openPostgresKeyStore(url, options),
    async copy() {
      const copyName = `keys_copy_${(databaseCount += 1)}`;
      return database(copyName, await cluster.createDatabase(copyName, name));
    },
    async rawBytes() {
      await cluster.admin('CHECKPOINT');
      return readTree(cluster.dataDir);
    },
    async exec(sql) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
  });
  return {
    name: 'postgres',
    async createDatabase() {
      const name = `keys_${(databaseCount += 1)}`;
      return database(name, await cluster.createDatabase(name));
    },
    stop: () => cluster.stop(),
  };
}

export function startBackend(name: TestBackend['name']): Promise<TestBackend> {
  return name === 'sqlite' ? startSqliteBackend() : startPostgresBackend();
}

async function readTree(folder: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const entry of await readdir(folder, { recursive: true })) {
    const path = join(folder, entry);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) parts.push(await readFile(path).catch(() => Buffer.alloc(0)));
  }
  return Buffer.concat(parts);
}
