import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { shareTagMapper } from './tagMapperSharing';

const collectorUrl = new URL('./common/MetadataCollector.js', import.meta.resolve('music-metadata'));
const sharingUrl = new URL('./tagMapperSharing.js', import.meta.url);

/** Whether two parses' collectors hold the same tag mapper, in a fresh thread, with the hook or not. */
function collectorsShareMapper(withHook: boolean): Promise<boolean> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      if (workerData.withHook) {
        const { registerHooks } = await import('node:module');
        const { shareTagMapperOnLoad } = await import(workerData.sharingUrl);
        registerHooks({ load: shareTagMapperOnLoad });
      }
      const { MetadataCollector } = await import(workerData.collectorUrl);
      parentPort.postMessage(new MetadataCollector({}).tagMapper === new MetadataCollector({}).tagMapper);
    })();`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { withHook, sharingUrl: sharingUrl.href, collectorUrl: collectorUrl.href },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (shared: boolean) => {
      resolve(shared);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('tag mapper sharing', () => {
  test('the installed music-metadata reads as the sharing expects (a new version shows here)', () => {
    const shared = shareTagMapper(readFileSync(collectorUrl, 'utf8'));
    assert.notEqual(shared, null);
    assert.match(shared ?? '', /tagMapper = sharedTagMapper;/);
  });

  test('another source is left alone', () => {
    assert.equal(shareTagMapper('export class MetadataCollector { tagMapper = makeMapper(); }'), null);
  });

  test('parses loaded through the hook share one tag mapper; without it each has its own', async () => {
    assert.equal(await collectorsShareMapper(false), false);
    assert.equal(await collectorsShareMapper(true), true);
  });
});
