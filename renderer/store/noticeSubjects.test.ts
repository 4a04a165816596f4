// Notices about an action are cleared when that action later succeeds: the ui slice's rule, and
// the import slice using it, with the bridge swapped for a test double.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from 'zustand';
import type { ImportSummary } from '../../core/api/appApi';
import type { Bridge } from '../bridge/bridgeTypes';
import { BridgeError, hostUnreachableMessage } from '../bridge/bridgeTypes';
import { createImportSlice } from './importSlice';
import type { AppState } from './storeTypes';
import { createUiSlice, hostNoticeSubject } from './uiSlice';

function testStore(importFolder: Bridge['importFolder']) {
  const bridge = { importFolder } as Bridge;
  return create<AppState>()((set, get, api) => ({
    ...({ loadStats: async () => undefined } as unknown as AppState),
    ...createUiSlice(bridge)(set, get, api),
    ...createImportSlice(bridge)(set, get, api),
  }));
}

const messages = (store: ReturnType<typeof testStore>) =>
  store.getState().notices.map((notice) => notice.message);

describe('notices cleared by a later success', () => {
  it('a failed import is cleared by the next import that works; other notices stay', async () => {
    const store = testStore(async (folder) => {
      if (folder === '/missing') throw new BridgeError('FOLDER_NOT_FOUND', 'There is no folder at /missing.');
      return { added: 1 } as unknown as ImportSummary;
    });
    store.getState().notify('Busker could not copy the address.');
    await store.getState().importFolder('/missing');
    assert.deepEqual(messages(store), [
      'Busker could not copy the address.',
      'There is no folder at /missing.',
    ]);
    const failed = store.getState().notices.at(-1)!;
    assert.equal(failed.subject, 'import');
    assert.equal(failed.action?.label, 'Choose another folder');

    await store.getState().importFolder('/music');
    assert.deepEqual(messages(store), ['Busker could not copy the address.']);
  });

  it('the newest notice about a subject replaces older ones; a success leaves info notices', () => {
    const store = testStore(async () => ({}) as ImportSummary);
    const { notify, noticeSubjectSucceeded } = store.getState();
    notify('The tip failed: the wallet is locked.', 'error', { subject: 'offline:3' });
    notify('The tip failed: the network is down.', 'error', { subject: 'offline:3' });
    notify('Another track failed.', 'error', { subject: 'offline:4' });
    assert.deepEqual(messages(store), ['The tip failed: the network is down.', 'Another track failed.']);
    notify('Saved for offline.', 'info', { subject: 'offline:3' });
    assert.deepEqual(messages(store), ['Another track failed.', 'Saved for offline.']);
    noticeSubjectSucceeded('offline:3');
    assert.deepEqual(messages(store), ['Another track failed.', 'Saved for offline.']);
    noticeSubjectSucceeded('offline:4');
    assert.deepEqual(messages(store), ['Saved for offline.']);
    noticeSubjectSucceeded('nothing-about-this');
    assert.equal(store.getState().notices.length, 1);
  });

  it('"could not reach Busker" is about the host, whatever the action, and goes when it answers', () => {
    const store = testStore(async () => ({}) as ImportSummary);
    store
      .getState()
      .notifyError(new BridgeError('UNAVAILABLE', hostUnreachableMessage), { subject: 'wallet' });
    store
      .getState()
      .notifyError(new BridgeError('UNAVAILABLE', 'The desktop app publishes files from where they are.'));
    assert.equal(store.getState().notices[0]!.subject, hostNoticeSubject);
    assert.equal(store.getState().notices[1]!.subject, undefined);
    store.getState().noticeSubjectSucceeded(hostNoticeSubject);
    assert.deepEqual(messages(store), ['The desktop app publishes files from where they are.']);
  });
});
