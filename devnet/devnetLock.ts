// The devnet's lock file, beside its network file: `{ pid, rpcUrl }` of the devnet that owns it.
// A second devnet reads it and says who is running; a lock whose pid is dead is taken over.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const lockSchema = z.object({
  pid: z.number().int().positive(),
  rpcUrl: z.string().nullable(),
  startedAt: z.string(),
});

export type DevnetLockContent = z.infer<typeof lockSchema>;

export class DevnetAlreadyRunningError extends Error {
  constructor(
    readonly pid: number,
    readonly rpcUrl: string | null,
    readonly lockFile: string,
  ) {
    super(
      `A Busker devnet is already running (pid ${pid}, ${rpcUrl ? `rpc ${rpcUrl}` : 'still starting'}); ` +
        'stop it with Ctrl-C in its terminal.',
    );
    this.name = 'DevnetAlreadyRunningError';
  }
}

/** True while a process with `pid` exists (owned by anyone). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's content, or undefined when there is no lock or it is unreadable (a crashed writer). */
export function readDevnetLock(file: string): DevnetLockContent | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface DevnetLock {
  readonly file: string;
  /** Records the devnet's RPC URL once it is known. */
  update(rpcUrl: string): void;
  /** Removes the lock if this process still owns it. */
  release(): void;
}

/**
 * Takes the lock for this process, or throws DevnetAlreadyRunningError naming the live owner.
 * Exclusive creation (`wx`) decides between two starters; a dead owner's lock is removed first.
 */
export function acquireDevnetLock(file: string): DevnetLock {
  const startedAt = new Date().toISOString();
  const content = (rpcUrl: string | null): string =>
    `${JSON.stringify({ pid: process.pid, rpcUrl, startedAt } satisfies DevnetLockContent)}\n`;

  for (let attempt = 0; ; attempt += 1) {
    try {
      const descriptor = openSync(file, 'wx', 0o644);
      try {
        writeFileSync(descriptor, content(null));
      } finally {
        closeSync(descriptor);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
      const owner = readDevnetLock(file);
      if (owner && isProcessAlive(owner.pid))
        throw new DevnetAlreadyRunningError(owner.pid, owner.rpcUrl, file);
      rmSync(file, { force: true }); // stale: its devnet died without cleaning up
    }
  }

  const ownsLock = (): boolean => readDevnetLock(file)?.pid === process.pid;
  return {
    file,
    update(rpcUrl) {
      const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temporary, content(rpcUrl));
      renameSync(temporary, file);
    },
    release() {
      if (ownsLock()) rmSync(file, { force: true });
    },
  };
}
