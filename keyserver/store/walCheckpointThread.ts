// SQLite copies its write-ahead log back into the database file in checkpoints. Left automatic,
// the connection that commits runs one every 1,000 pages, about every 300 unlocks: ~20 µs of
// every nonce write on average, and a stall of up to ~12 ms for the request that triggers it.
// Here the request connection's automatic checkpoints are off and a thread of its own, on a
// connection of its own, runs a PASSIVE checkpoint (which never blocks the writer) every interval.
// Should that thread fail, the request connection takes its checkpoints back: slower, never lost.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** SQLite's own default, restored should the thread fail. */
const automaticCheckpointPages = 1000;

/** Plain CommonJS, so the same code runs from source (tsx) and from the bundled CLI. */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointThread {
  /** Stops checkpointing and closes the thread's connection. */
  stop(): Promise<void>;
}

export function startWalCheckpointThread(
  db: Database.Database,
  file: string,
  intervalMs = 1000,
): WalCheckpointThread {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3'), file, intervalMs },
  });
  worker.unref(); // a store left open never keeps the process alive for its checkpoints
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', () => undefined); // the exit below follows
  void exited.then(() => {
    if (!stopping && db.open) db.pragma(`wal_autocheckpoint = ${automaticCheckpointPages}`);
  });
  return {
    stop: async () => {
      stopping = true;
      worker.ref(); // held until it has closed its connection
      worker.postMessage('stop');
      await exited;
    },
  };
}
