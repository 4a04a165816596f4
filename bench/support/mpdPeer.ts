/**
 * MPD as a peer to measure against: a daemon of its own in a temp folder (generated config,
 * database, a port on 127.0.0.1, no audio output), driven with `mpc` and MPD's text protocol.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, rssMb, timeCommand } from './peerTools';

export class MpdPeer {
  private child: ChildProcess | null = null;
  private port = 0;
  private readonly emptyDb: string;
  private readonly db: string;

  constructor(
    private readonly dir: string,
    private readonly music: string,
  ) {
    this.emptyDb = join(dir, 'empty.db');
    this.db = join(dir, 'mpd.db');
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /**
   * Makes an empty database once: MPD scans on its own when it starts without one, so a full
   * import is timed as an update over an empty (but valid) database instead.
   */
  async prepare(): Promise<void> {
    await mkdir(join(this.dir, 'nothing'), { recursive: true });
    await this.start(join(this.dir, 'nothing'));
    await this.update();
    await this.stop();
    await copyFile(this.db, this.emptyDb);
  }

  /** Starts MPD on a copy of the empty database (a full import follows). */
  async startEmpty(): Promise<number> {
    await copyFile(this.emptyDb, this.db);
    return this.start(this.music);
  }

  /** Starts MPD on whatever database it has; resolves with the ms until `mpc status` answers. */
  async start(music = this.music): Promise<number> {
    this.port = await freePort();
    const config = join(this.dir, 'mpd.conf');
    await writeFile(
      config,
      [
        `music_directory "${music}"`,
        `db_file "${this.db}"`,
        `log_file "${join(this.dir, 'mpd.log')}"`,
        'bind_to_address "127.0.0.1"',
        `port "${this.port}"`,
        'zeroconf_enabled "no"',
        'audio_output {',
        '  type "null"',
        '  name "none"',
        '}',
        '',
      ].join('\n'),
    );
    const started = performance.now();
    const child = spawn('mpd', ['--no-daemon', config], { stdio: 'ignore' });
    this.child = child;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`mpd exited with ${child.exitCode}; see ${this.dir}/mpd.log`);
      try {
        await this.mpc('status');
        return performance.now() - started;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  }

  /** `mpc update --wait`: from asking for the update until MPD says it is done, in ms. */
  update(): Promise<number> {
    return this.mpc('update', '--wait');
  }

  rssMb(): number {
    return rssMb(this.pid);
  }

  /**
   * Plays `folders` of the music folder in a loop, through the null output at real playback rate
   * (MPD's queue holds at most 16,384 songs by default: a 20k library does not fit whole).
   */
  async play(folders: string[]): Promise<void> {
    for (const folder of folders) await this.mpc('add', folder);
    await this.mpc('repeat', 'on');
    await this.mpc('play');
  }

  /** An open protocol connection for timing searches without a process spawn per query. */
  async searchClient(): Promise<{ search(text: string): Promise<number>; close(): void }> {
    const socket = connect(this.port, '127.0.0.1');
    socket.setEncoding('utf8');
    // One reply at a time: collects text until it ends in a line "OK" (or an "ACK" error line).
    let reply = '';
    let settle: ((text: string) => void) | null = null;
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const done =
        reply === 'OK\n' ||
        reply.endsWith('\nOK\n') ||
        /^ACK .*\n$/m.test(reply) ||
        reply.startsWith('OK MPD');
      if (done && settle && reply.endsWith('\n')) {
        const text = reply;
        reply = '';
        settle(text);
      }
    });
    const nextReply = () => new Promise<string>((resolve) => (settle = resolve));
    const greeting = await nextReply();
    if (!greeting.startsWith('OK MPD')) throw new Error(`MPD said ${greeting}`);
    return {
      // Like `mpc search any <text>`: every song with the text in any tag; resolves with the songs.
      async search(text) {
        const answered = nextReply();
        socket.write(`search any "${text.replace(/["\\]/g, '\\$&')}"\n`);
        const answer = await answered;
        if (/^ACK /m.test(answer)) throw new Error(`MPD refused the search: ${answer}`);
        return answer.split('\nfile: ').length - 1 + (answer.startsWith('file: ') ? 1 : 0);
      },
      close: () => socket.destroy(),
    };
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  async remove(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private mpc(...args: string[]): Promise<number> {
    return timeCommand('mpc', ['-h', '127.0.0.1', '-p', String(this.port), ...args]);
  }
}
