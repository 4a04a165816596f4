/**
 * The browser keeps what the page remembers (volume, levelling, crossfade, columns, the queue,
 * the first-run choice) per origin, and the origin carries the port: a host that took any free
 * port at each start would forget all of it. So a data folder's host listens on the port it had
 * last time when that one is free, and otherwise on any free port, which it remembers in turn.
 */
import { readFile, writeFile } from 'node:fs/promises';

async function lastPort(file: string): Promise<number | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const port = /^\d{1,5}\s*$/.test(text) ? Number(text) : 0;
  return port > 0 && port <= 65535 ? port : null;
}

/** Listens through `listenOn` (which resolves the port it got) on the remembered port, or any. */
export async function listenOnRememberedPort(
  file: string,
  listenOn: (port: number) => Promise<number>,
): Promise<number> {
  const last = await lastPort(file);
  let port: number;
  try {
    port = await listenOn(last ?? 0);
  } catch (error) {
    if (last === null || (error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    port = await listenOn(0);
  }
  // Only a convenience, not synced: a torn file is ignored next time, and a data folder that
  // cannot be written to still serves.
  if (port !== last) await writeFile(file, `${port}\n`).catch(() => undefined);
  return port;
}
