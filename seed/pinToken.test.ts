// A seed started with a pinning token, against a real anvil and real Helia peers on loopback: the
// app's pinning client without the token gets an error that says where to add it, with the wrong
// one a different error, and with the right one the track is pinned.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { id } from 'ethers';
import { startContractFixture } from '../testkit/contractFixture';
import type { ContractFixture } from '../testkit/contractFixture';
import { createHeliaContentStore } from '../core/storage/heliaContentStore';
import type { HeliaContentStore } from '../core/storage/heliaContentStore';
import { keepOnSeed, PinningError } from '../core/storage/pinningServiceClient';
import { seededBytes } from '../core/storage/testSupport/testBytes';
import { PinTokenError, readPinTokenFile } from './pinToken';
import { startSeed } from './seedServer';
import type { RunningSeed } from './seedServer';
import { testSeedConfig } from './testing/testSeed';

const token = 'seed-token-7f3a9c';
let fixture: ContractFixture;
let artistStore: HeliaContentStore;
let folder: string;
let seed: RunningSeed;
let audio: string;

before(async () => {
  fixture = await startContractFixture();
  const artist = await fixture.createArtist(fixture.wallets[1]!, 'Token Tester');
  folder = await mkdtemp(join(tmpdir(), 'busker-pin-token-'));
  artistStore = await createHeliaContentStore({ directory: join(folder, 'artist') });
  audio = await artistStore.add([seededBytes(200 * 1024, 'token audio')], { pin: true });
  const metadata = await artistStore.add([Buffer.from('{"busker":1}')], { pin: true });
  await (await artist.publishTrack(metadata, audio, id('content'), id('key'), 1n)).wait();
  const tokenFile = join(folder, 'pin-token');
  await writeFile(tokenFile, `${token}\n`);
  seed = await startSeed(
    testSeedConfig(fixture, join(folder, 'seed'), { pinToken: await readPinTokenFile(tokenFile) }),
  );
});

after(async () => {
  await seed?.close();
  await artistStore?.close();
  await fixture?.close();
  await rm(folder, { recursive: true, force: true });
});

const keep = (endpoint: { url: string; token?: string }) =>
  keepOnSeed(endpoint, artistStore, [{ cid: audio, name: 'token test' }], {
    origins: artistStore.listenAddresses(),
    signal: AbortSignal.timeout(60_000),
    pollMs: 50,
  });

test('without the token the seed answers 401 in the spec shape, and the app says where to add one', async () => {
  const response = await fetch(`${seed.pinningUrl}/pins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cid: audio }),
  });
  assert.equal(response.status, 401);
  const body = (await response.json()) as { error: { reason: string; details: string } };
  assert.equal(body.error.reason, 'UNAUTHORIZED');
  assert.match(body.error.details, /needs a pinning token/);
  const host = new URL(seed.pinningUrl).host;
  await assert.rejects(keep({ url: seed.pinningUrl }), (error: unknown) => {
    assert.ok(error instanceof PinningError);
    assert.equal(error.code, 'NEEDS_TOKEN');
    assert.equal(error.message, `The seed at ${host} needs a pinning token; add it in Settings → Network.`);
    return true;
  });
  await assert.rejects(keep({ url: seed.pinningUrl, token: 'not-the-token' }), {
    code: 'NEEDS_TOKEN',
    message: `The seed at ${host} did not accept your pinning token; check it in Settings → Network.`,
  });
  assert.equal(await seed.content.isPinned(audio), false);
  // The gateway and health stay open: only pinning needs the token.
  assert.equal((await fetch(`${seed.url}/health`)).status, 200);
});

test('with the token the track is pinned', async () => {
  await keep({ url: seed.pinningUrl, token });
  assert.equal(await seed.content.isPinned(audio), true);
});

test('a token file must hold one printable token', async () => {
  const empty = join(folder, 'empty');
  await writeFile(empty, '\n');
  await assert.rejects(readPinTokenFile(empty), PinTokenError);
  await assert.rejects(readPinTokenFile(join(folder, 'missing')), /cannot be read/);
  const spaced = join(folder, 'spaced');
  await writeFile(spaced, 'two words here\n');
  await assert.rejects(readPinTokenFile(spaced), /without spaces/);
});
