// A throwaway PostgreSQL server for tests: Debian's binaries (`apt-get install postgresql`), a new
// cluster in a temporary folder, reachable only through a Unix socket in that folder (no TCP port,
// so parallel test files never collide). PostgreSQL refuses to run as root: when the tests run as
// root, the cluster is run by the `postgres` system user (or `nobody`), through spawn's uid/gid.
// Missing binaries are an error, never a skip: CI installs them (.ci/run).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  /** The cluster's data folder (tests read its raw files). */
  dataDir: string;
  /** postgres://… for `database` on this cluster. */
  databaseUrl(database: string): string;
  /** Creates an empty database (or a copy of `template`) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Runs one SQL statement in the `postgres` database. */
  admin(sql: string): Promise<void>;
  /** Stops the server, keeping its data: clients see the database go down. */
  pause(): Promise<void>;
  /** Starts the server again on the same data (after `pause`). */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const startTimeoutMs = 30_000;

/** Where initdb and postgres are: `$BUSKER_POSTGRES_BIN`, else the newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBinaries(): string {
  const fromEnv = process.env.BUSKER_POSTGRES_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL is not installed, and the key server tests need a real one: install it with ' +
        '`apt-get install postgresql` (CI does, in .ci/run), or set BUSKER_POSTGRES_BIN to the folder holding initdb.',
    );
  }
  return join(root, newest, 'bin');
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Root may not run PostgreSQL: pick an unprivileged system user instead. */
function unprivilegedUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const entry = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
    const [, , uid, gid] = entry.stdout.trim().split(':');
    if (entry.status === 0 && uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error(
    'Running as root, but there is neither a `postgres` nor a `nobody` user to run PostgreSQL as.',
  );
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBinaries();
  const runAs = unprivilegedUser();
  const folder = await mkdtemp(join(tmpdir(), 'busker-pg-'));
  const dataDir = join(folder, 'data');
  if (runAs) chownSync(folder, runAs.uid, runAs.gid);
  const spawnOptions = { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } };

  const initdb = spawnSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
    { ...spawnOptions, encoding: 'utf8' },
  );
  if (initdb.status !== 0) {
    await rm(folder, { recursive: true, force: true });
    throw new Error(
      `initdb failed (${initdb.status ?? initdb.signal}): ${initdb.stderr || initdb.error?.message}`,
    );
  }

  const databaseUrl = (database: string): string =>
    `postgres://postgres@localhost/${database}?host=${encodeURIComponent(folder)}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: databaseUrl('postgres') });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  // Durability settings off: the tests restart servers, never the machine.
  const launch = async (): Promise<Running> => {
    const server: ChildProcess = spawn(
      join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-k',
        folder,
        '-c',
        'listen_addresses=',
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
      ],
      { ...spawnOptions, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log = (log + chunk).slice(-8_000);
    });
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    const killOnExit = (): void => void server.kill('SIGKILL');
    process.once('exit', killOnExit);
    const running: Running = { server, exited, killOnExit };
    try {
      await waitUntilReady(admin, exited, () => log);
    } catch (error) {
      await halt(running);
      throw error;
    }
    return running;
  };

  let running: Running | undefined = await launch().catch(async (error: unknown) => {
    await rm(folder, { recursive: true, force: true });
    throw error;
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (running) await halt(running);
      running = undefined;
      await rm(folder, { recursive: true, force: true });
    })());

  return {
    dataDir,
    databaseUrl,
    async createDatabase(name, template) {
      await admin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      return databaseUrl(name);
    },
    admin,
    async pause() {
      if (running) await halt(running);
      running = undefined;
    },
    async resume() {
      running ??= await launch();
    },
    stop,
  };
}

interface Running {
  server: ChildProcess;
  exited: Promise<void>;
  killOnExit: () => void;
}

/** A fast shutdown (open transactions rolled back, connections closed), killed if it takes 10 s. */
async function halt({ server, exited, killOnExit }: Running): Promise<void> {
  process.removeListener('exit', killOnExit);
  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGINT');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

async function waitUntilReady(
  admin: (sql: string) => Promise<void>,
  exited: Promise<void>,
  log: () => string,
): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (hasExited) throw new Error(`postgres exited before it was ready: ${log().trim()}`);
    try {
      await admin('SELECT 1');
      return;
    } catch {
      // Still starting: try again shortly.
    }
    if (Date.now() > deadline) throw new Error(`postgres did not start within 30 s: ${log().trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
