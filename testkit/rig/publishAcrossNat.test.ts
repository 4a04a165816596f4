// Two homes behind NAT and a network on public hosts, all on a simulated internet: an artist
// publishes two tracks from home with `busker publish`, which ends once both seeds keep them; its
// process is gone by then. A listener in another home joins the network by the key server's
// address alone, lists both tracks (details from the seeds), tips and unlocks one, and plays it
// with a seek through the app's stream handler; seed 1 is killed mid-stream and the rest comes
// from seed 2. What it heard hashes to the content hash on chain.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { rigUnavailableReason } from '../simulatedInternet';
import { busker, collect, keyFile, startRigNetwork } from './rigNetwork';
import type { RigNetwork } from './rigNetwork';

const unavailable = rigUnavailableReason();
let network: RigNetwork;

before(async () => {
  if (!unavailable) network = await startRigNetwork();
});

after(() => network?.close());

test(
  'an artist behind NAT publishes to the seeds; a listener behind NAT joins, unlocks and plays it',
  { skip: unavailable ?? false, timeout: 600_000 },
  async () => {
    const { folder, artist, listener, keyServerUrl, seedProcesses } = network;
    // The artist, at home: joins by the key server's address, becomes an artist, publishes two tracks.
    const artistData = join(folder, 'artist-data');
    const artistEnv = { BUSKER_PRIVATE_KEY_FILE: await keyFile(folder, 'artist', 1) };
    const joined = await busker(artist, ['network', 'join', network.keyServerAddress, '--data', artistData]);
    assert.equal(joined.code, 0, joined.stderr);
    assert.match(joined.stdout, /Rig Network[\s\S]*seeds +2/);
    const created = await busker(artist, ['artist', 'create', 'Rig Artist', '--data', artistData], artistEnv);
    assert.equal(created.code, 0, created.stderr);
    const files = ['one', 'two'].map((name, index) => {
      const file = join(folder, `${name}.wav`);
      // The first lasts twelve seconds: two megabytes, nine blocks, a middle to lose a seed in.
      const seconds = index === 0 ? '12' : '2';
      const tone = ['synth', seconds, 'sine', String(440 + 110 * index)];
      execFileSync('sox', ['-n', '-r', '44100', '-c', '2', file, ...tone]);
      return file;
    });
    const published = await busker(
      artist,
      ['publish', ...files, '--price', '0.001', '--data', artistData],
      artistEnv,
    );
    assert.equal(published.code, 0, `${published.stdout}${published.stderr}`);
    assert.equal(published.stdout.match(/^done .*stored on 2 seeds$/gm)?.length, 2, published.stdout);

    // The listener, in another home, with the artist's computer gone: joins and lists both tracks.
    const listenerData = join(folder, 'listener-data');
    const listenerJoined = await busker(listener, ['network', 'join', keyServerUrl, '--data', listenerData]);
    assert.equal(listenerJoined.code, 0, listenerJoined.stderr);
    const listed = await busker(listener, ['catalogue', '--json', '--timeout', '30', '--data', listenerData]);
    assert.equal(listed.code, 0, listed.stderr);
    const catalogue = JSON.parse(listed.stdout) as {
      tracks: { title: string; artist: string; trackId: number }[];
    };
    const titles = catalogue.tracks.map((track) => track.title).sort();
    assert.deepEqual(titles, ['one', 'two'], listed.stdout);

    // It tips and unlocks the long one, then plays it from the seeds, losing seed 1 mid-stream.
    const chosen = catalogue.tracks.find((track) => track.title === 'one');
    assert.ok(chosen);
    const listenerEnv = {
      BUSKER_PRIVATE_KEY_FILE: await keyFile(folder, 'listener', 2),
      BUSKER_WALLET_PASSPHRASE: 'rig listener passphrase',
    };
    const track = `${chosen.artist}:${chosen.trackId}`;
    const unlocked = await busker(listener, ['unlock', track, '--data', listenerData], listenerEnv);
    assert.equal(unlocked.code, 0, `${unlocked.stdout}${unlocked.stderr}`);
    const resumeFile = join(folder, 'resume');
    const streamScript = join(import.meta.dirname, 'streamTrack.ts');
    const stream = listener.spawn(
      process.execPath,
      ['--import', 'tsx', streamScript, listenerData, chosen.artist, String(chosen.trackId), resumeFile],
      { env: { ...process.env, ...listenerEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const played = collect(stream);
    while (!played.output().stdout.includes('halfway')) {
      if (stream.exitCode !== null) assert.fail(`the stream ended early: ${played.output().stderr}`);
      await sleep(50);
    }
    const seed1 = seedProcesses[0];
    assert.ok(seed1);
    seed1.kill('SIGKILL');
    await once(seed1, 'exit');
    await writeFile(resumeFile, '');
    const heard = await played.exited;
    assert.equal(heard.code, 0, heard.stderr);
    const result = JSON.parse(heard.stdout.split('\n').filter(Boolean).at(-1) ?? '{}') as {
      bytes: number;
      sha256: string;
      contentHash: string;
      seekMatches: boolean;
    };
    assert.equal(result.bytes, (await readFile(files[0] ?? '')).length);
    assert.equal(result.sha256, result.contentHash.toLowerCase(), 'what was played is what was published');
    assert.equal(result.seekMatches, true);
  },
);
