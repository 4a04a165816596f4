// What the publish tests share: a real anvil with the factory (through the key server harness),
// a real key server on SQLite, a real Helia store in a temp folder, an artist contract, and
// short generated audio files.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Wallet } from 'ethers';
import { runTool } from '../../../testkit/audioFixtures';
import type { TestServer } from '../../../keyserver/testing/keyServerHarness';
import { KeyServerHarness } from '../../../keyserver/testing/keyServerHarness';
import type { TestBackend } from '../../../keyserver/testing/testDatabases';
import { startBackend } from '../../../keyserver/testing/testDatabases';
import { connectArtist } from '../../../protocol/contracts';
import type { HeliaContentStore } from '../../storage/heliaContentStore';
import { createHeliaContentStore } from '../../storage/heliaContentStore';
import { KeyServerClient } from '../../unlock/keyServerClient';
import { becomeArtist } from '../becomeArtist';
import type { PublishDatabase } from '../publishDatabase';
import { openPublishDatabase } from '../publishDatabase';
import { PublishJobStore } from '../publishJobStore';
import type { PublisherOptions } from '../publisher';
import { Publisher } from '../publisher';

export interface GeneratedTrack {
  path: string;
  title: string;
  mime: string;
  hasCover: boolean;
}

export class PublishTestbed {
  readonly wrappingKey = randomBytes(32);
  private readonly databases: PublishDatabase[] = [];
  private readonly stores: HeliaContentStore[] = [];

  private constructor(
    readonly dir: string,
    readonly backend: TestBackend,
    readonly harness: KeyServerHarness,
    readonly server: TestServer,
    readonly owner: Wallet,
    readonly artist: string,
    readonly keyServer: KeyServerClient,
  ) {}

  static async start(): Promise<PublishTestbed> {
    const dir = await mkdtemp(join(tmpdir(), 'busker-publish-'));
    const backend = await startBackend('sqlite');
    const harness = await KeyServerHarness.start();
    try {
      const server = await harness.startServer({
        store: await (await backend.createDatabase()).open(),
        ownsStore: true,
        confirmations: 1,
      });
      const owner = harness.wallet(1);
      const { artist } = await becomeArtist(owner, harness.fixture.deployment.factory, 'Publish Artist');
      const keyServer = new KeyServerClient(server.url, {
        chainId: harness.chainId,
        factory: harness.fixture.deployment.factory,
      });
      return new PublishTestbed(dir, backend, harness, server, owner, artist, keyServer);
    } catch (error) {
      await harness.close();
      await backend.stop();
      throw error;
    }
  }

  get provider() {
    return this.harness.fixture.provider;
  }

  /** A key server client that reaches nothing: the key server is down. */
  unreachableKeyServer(): KeyServerClient {
    return new KeyServerClient('http://127.0.0.1:9', {
      chainId: this.harness.chainId,
      factory: this.harness.fixture.deployment.factory,
    });
  }

  async contentStore(name: string): Promise<HeliaContentStore> {
    const store = await createHeliaContentStore({ directory: join(this.dir, name) });
    this.stores.push(store);
    return store;
  }

  /** A fresh job store on the database file `name` (a new instance each call: a restarted app). */
  jobStore(name = 'publish.sqlite'): PublishJobStore {
    const db = openPublishDatabase(join(this.dir, name));
    this.databases.push(db);
    return new PublishJobStore(db);
  }

  publisher(
    options: Partial<PublisherOptions> & Pick<PublisherOptions, 'store' | 'contentStore'>,
  ): Publisher {
    return new Publisher({
      provider: this.provider,
      wallet: this.owner,
      chainId: this.harness.chainId,
      artist: this.artist,
      keyServer: this.keyServer,
      wrappingKey: this.wrappingKey,
      ...options,
    });
  }

  async trackCount(): Promise<number> {
    return Number(await connectArtist(this.artist, this.provider).trackCount());
  }

  async close(): Promise<void> {
    for (const store of this.stores) await store.close().catch(() => undefined);
    for (const db of this.databases) db.close();
    await this.harness.close();
    await this.backend.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

const quietFfmpeg = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

/**
 * Three short tones (WAV, FLAC with a cover, MP3), each with its own tags; `salt` goes into the
 * title so files generated for different tests differ.
 */
export async function generateTracks(dir: string, salt: string): Promise<GeneratedTrack[]> {
  await mkdir(dir, { recursive: true });
  const cover = join(dir, `cover-${salt}.png`);
  await runTool('ffmpeg', [
    ...quietFfmpeg,
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=32x32:rate=1',
    '-frames:v',
    '1',
    cover,
  ]);
  const plans = [
    { ext: 'wav', mime: 'audio/wav', codec: ['-c:a', 'pcm_s16le'], hz: 220, hasCover: false },
    { ext: 'flac', mime: 'audio/flac', codec: ['-c:a', 'flac'], hz: 330, hasCover: true },
    {
      ext: 'mp3',
      mime: 'audio/mpeg',
      codec: ['-c:a', 'libmp3lame', '-b:a', '64k'],
      hz: 440,
      hasCover: false,
    },
  ];
  return Promise.all(
    plans.map(async (plan, index) => {
      const title = `Tone ${plan.hz} ${salt}`;
      const path = join(dir, `${salt}-${index + 1}.${plan.ext}`);
      const coverArgs = plan.hasCover
        ? ['-i', cover, '-map', '0:a', '-map', '1:v', '-c:v', 'png', '-disposition:v', 'attached_pic']
        : ['-map', '0:a'];
      await runTool('ffmpeg', [
        ...quietFfmpeg,
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=${plan.hz}:sample_rate=22050:duration=2`,
        ...coverArgs,
        '-ac',
        '1',
        ...plan.codec,
        '-metadata',
        `title=${title}`,
        '-metadata',
        'artist=Publish Artist',
        '-metadata',
        'album=Test Tones',
        '-metadata',
        `track=${index + 1}`,
        path,
      ]);
      return { path, title, mime: plan.mime, hasCover: plan.hasCover };
    }),
  );
}
