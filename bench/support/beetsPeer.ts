/**
 * beets as a peer to measure against: its own config, library and state in a temp folder
 * (BEETSDIR), importing in place (`copy: no`, `write: no`) without autotagging (`-A`).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { timeCommand } from './peerTools';

export class BeetsPeer {
  private readonly config: string;
  private readonly library: string;

  constructor(
    private readonly dir: string,
    private readonly music: string,
  ) {
    this.config = join(dir, 'config.yaml');
    this.library = join(dir, 'library.db');
  }

  /** `beet import -A -q` into a fresh library; resolves with its wall ms. */
  async importFresh(): Promise<number> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
    await writeFile(
      this.config,
      [
        `directory: ${JSON.stringify(this.music)}`,
        `library: ${JSON.stringify(this.library)}`,
        'plugins: []',
        'import:',
        '  copy: no',
        '  move: no',
        '  write: no',
        '  resume: no',
        '  incremental: no',
        '',
      ].join('\n'),
    );
    return this.beet('import', '-A', '-q', this.music);
  }

  /** `beet update`: re-reads the files whose modification time changed; resolves with its wall ms. */
  update(): Promise<number> {
    return this.beet('update');
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }

  private beet(...args: string[]): Promise<number> {
    return timeCommand('beet', ['-c', this.config, ...args], { ...process.env, BEETSDIR: this.dir });
  }
}
