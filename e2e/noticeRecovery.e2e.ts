/**
 * An error notice about an action goes when the same action later succeeds, in Debian's Chromium
 * against the headless host: a playlist file that cannot be read leaves a notice (it does not
 * time out), the next file that imports clears it. The failure is kept as a screenshot, axe clean.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openE2eSession, type E2eSession } from './support/browserSession';
import { saveScreenshot, seriousAxeViolations } from './support/pageChecks';

let session: E2eSession | undefined;

after(async () => {
  await session?.close();
});

test('a failed playlist import is cleared by the next import that works', async () => {
  session = await openE2eSession();
  const { page } = session;
  const input = page.getByLabel('Playlist file to import (.m3u or .m3u8)');
  const refusal = '“huge.m3u8” is larger than 4 MiB, so it is not a playlist Busker can read.';

  await input.setInputFiles({
    name: 'huge.m3u8',
    mimeType: 'audio/x-mpegurl',
    buffer: Buffer.alloc(5 * 1024 * 1024, '#'),
  });
  const notice = page.getByRole('listitem').filter({ hasText: refusal });
  await notice.waitFor();
  assert.equal(await notice.getByRole('button', { name: 'Dismiss message' }).count(), 1);
  await saveScreenshot(page, 'notice-playlist-import-failed');
  assert.deepEqual(await seriousAxeViolations(page), []);

  await input.setInputFiles({
    name: 'Evening.m3u8',
    mimeType: 'audio/x-mpegurl',
    buffer: Buffer.from('#EXTM3U\n#PLAYLIST:Evening\n'),
  });
  await page.getByText('Imported “Evening”: 0 songs.').waitFor();
  await notice.waitFor({ state: 'detached' });
  assert.deepEqual(await page.locator('.notice--error').allInnerTexts(), []);
  assert.deepEqual(session.pageErrors, []);
});
