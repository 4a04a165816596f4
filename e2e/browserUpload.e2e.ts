/**
 * Publish's "Choose files" in the browser host, end to end in Debian's Chromium against the
 * headless host and a devnet: a chosen FLAC is uploaded (its bytes, streamed) and listed by the
 * path the host keeps it at, ready to publish; a PDF named .flac is refused in words. No serious
 * axe violation; screenshots go to .test-results/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Wallet } from 'ethers';
import { startDevnet, type Devnet } from '../devnet/devnet';
import { connectFactory } from '../protocol/contracts';
import { createProvider } from '../protocol/rpcProvider';
import { runTool } from '../testkit/audioFixtures';
import { openE2eSession, testMarket, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';
import { setUpDevelopmentWallet } from './support/walletSetup';

let root: string;
let devnet: Devnet;
let session: E2eSession | undefined;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'busker-e2e-upload-'));
  devnet = await startDevnet({ networkFile: join(root, 'devnet', 'network.json') });
  await runTool('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3'],
    ...['-metadata', 'title=Harbour Lights', join(root, 'harbour.flac')],
  ]);
  await writeFile(join(root, 'notes.flac'), '%PDF-1.7\nnot a song');
  // Account 0 is an artist already, so the Publish form shows.
  const provider = createProvider(devnet.network.rpcUrl, { chainId: devnet.network.chainId });
  try {
    const owner = new Wallet(devnet.accounts[0]?.privateKey ?? '', provider);
    await (await connectFactory(devnet.network.factory, owner).createArtist('Busker Band')).wait();
  } finally {
    provider.destroy();
  }
});

after(async () => {
  await session?.close();
  await devnet?.stop();
  await rm(root, { recursive: true, force: true });
});

test('"Choose files" in the browser host uploads an audio file for publishing and refuses one that is not audio', async () => {
  session = await openE2eSession({ market: testMarket(devnet.networkFile, { syncIntervalMs: 60_000 }) });
  const { page } = session;
  await setUpDevelopmentWallet(page, 0, 'correct horse battery staple');
  await page
    .getByRole('navigation', { name: 'Artist sections' })
    .getByRole('button', { name: 'Publish' })
    .click();
  const form = page.getByRole('form', { name: 'Publish tracks' });
  await form.getByRole('button', { name: 'Choose files' }).waitFor();

  await form
    .getByLabel('Audio files to publish')
    .setInputFiles([join(root, 'harbour.flac'), join(root, 'notes.flac')]);
  await form.getByRole('note').getByText('Busker has 1 of 2 files: it is listed below.').waitFor();
  assert.equal(
    await form.getByRole('alert').innerText(),
    '"notes.flac" is not audio: it starts like a PDF document. Choose an audio file.',
  );
  const paths = (await form.getByRole('textbox', { name: 'Files to publish' }).inputValue()).split('\n');
  assert.equal(paths.length, 1);
  const [uploaded] = paths as [string];
  assert.ok(uploaded.startsWith(join(session.dataDir, 'uploads')), uploaded);
  assert.ok(uploaded.endsWith('/harbour.flac'), uploaded);
  assert.deepEqual(await readFile(uploaded), await readFile(join(root, 'harbour.flac')), 'the same bytes');
  await form.getByText('1 file ready.').waitFor();
  await saveScreenshot(page, 'browser-upload-chosen');
  assert.deepEqual(await seriousAxeViolations(page), [], 'axe: no serious or critical violation');
  assert.deepEqual(session.pageErrors, []);
});
