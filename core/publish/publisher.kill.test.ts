import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PublishCheckpoint } from './publisher';
import { assertPublishedTrack } from './testing/publishedTrackCheck';
import type { PublishChildConfig } from './testing/publishChild';
import { PublishTestbed, generateTracks } from './testing/publishTestbed';

// The artist's process really killed (SIGKILL) mid-publish, then the app restarted on its data.
let bed: PublishTestbed;

before(async () => {
  bed = await PublishTestbed.start();
});

after(async () => {
  await bed?.close();
});

const childScript = fileURLToPath(new URL('./testing/publishChild.ts', import.meta.url));

/** Runs the child until it reports `killAt`, then SIGKILLs it; resolves with the job it was on. */
async function publishUntilKilled(config: PublishChildConfig): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    env: { ...process.env, BUSKER_PUBLISH_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^checkpoint (\S+) (\S+)$/.exec(line);
    if (match?.[1] === config.killAt) {
      child.kill('SIGKILL');
      const [, signal] = await exited;
      assert.equal(signal, 'SIGKILL');
      return match[2] ?? '';
    }
  }
  const [code] = await exited;
  throw new Error(`The artist process ended (${code}) before ${config.killAt}: ${stderr}`);
}

for (const killAt of ['tx-broadcast', 'encrypted', 'published'] satisfies PublishCheckpoint[]) {
  test(`killed at ${killAt}: on restart every file ends as one on-chain track with its key deposited`, async () => {
    const files = await generateTracks(join(bed.dir, `kill-${killAt}`), `kill-${killAt}`);
    const base = join(bed.dir, `artist-${killAt}`);
    const countBefore = await bed.trackCount();
    const killedJob = await publishUntilKilled({
      rpcUrl: bed.harness.fixture.node.rpcUrl,
      chainId: bed.harness.chainId,
      factory: bed.harness.fixture.deployment.factory,
      artist: bed.artist,
      keyServer: bed.server.url,
      privateKey: bed.owner.privateKey,
      database: join(base, 'publish.sqlite'),
      ipfsDirectory: join(base, 'ipfs'),
      wrappingKey: bed.wrappingKey.toString('hex'),
      files: files.map((file) => file.path),
      price: '3',
      killAt,
    });

    // The restarted app, on the killed process's database and IPFS folder.
    const store = await bed.contentStore(join(`artist-${killAt}`, 'ipfs'));
    const jobStore = bed.jobStore(join(`artist-${killAt}`, 'publish.sqlite'));
    const killed = jobStore.require(killedJob);
    assert.equal(
      killed.state,
      killAt === 'tx-broadcast' ? 'tx-recorded' : killAt,
      'the kill left the job there',
    );
    const publisher = bed.publisher({
      store: jobStore,
      contentStore: store,
    });
    await publisher.resume();

    assert.equal(await bed.trackCount(), countBefore + files.length, 'exactly one track per file');
    const jobs = publisher.jobs();
    assert.equal(jobs.length, files.length);
    const listener = bed.harness.wallet(4);
    for (const [index, job] of jobs.entries()) {
      const file = files[index];
      assert.ok(file);
      const key = await assertPublishedTrack(bed.provider, store, job, bed.wrappingKey, file);
      const trackId = job.trackId ?? -1;
      await bed.harness.tip(listener, { artist: bed.artist, trackId, price: 3n, contentKey: key });
      assert.deepEqual(await bed.keyServer.unlock(listener, { artist: bed.artist, trackId }), key);
    }
  });
}
