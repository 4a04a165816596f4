// The paying slices with the bridge swapped for a test double: no page, no host.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from 'zustand';
import type { NotListedTrack, PublishJobSummary, UnlockProgress } from '../../core/api/appApi';
import { catalogueTrackState } from '../../testkit/catalogueTrackState';
import type { Bridge } from '../bridge/bridgeTypes';
import { BridgeError } from '../bridge/bridgeTypes';
import { browserFilesNote, createArtistSlice } from './artistSlice';
import { createCatalogueSlice } from './catalogueSlice';
import type { AppState } from './storeTypes';

/** A bridge whose every method fails unless the test gives it one. */
function fakeBridge(methods: Partial<Bridge>): Bridge {
  return new Proxy(methods as Bridge, {
    get(target, name: string) {
      if (name in target) return target[name as keyof Bridge];
      return () => Promise.reject(new Error(`unexpected call: ${name}`));
    },
  });
}

/** The slices under test, with the rest of the store reduced to what they call. */
function testStore(bridge: Bridge) {
  const notices: string[] = [];
  const played: (number | null)[] = [];
  const store = create<AppState>()((set, get, api) => {
    const rest = {
      notify: (message: string) => notices.push(message),
      notifyError: (error: unknown) => notices.push(String(error)),
      loadWallet: async () => undefined,
      loadStats: async () => undefined,
      libraryChanged: () => undefined,
      openDialog: (dialog: string) => set({ dialog } as Partial<AppState>),
      closeDialog: () => set({ dialog: null } as Partial<AppState>),
      view: { kind: 'songs' },
      searchText: '',
      playQuery: async (_query: unknown, trackId: number | null) => {
        played.push(trackId);
      },
    } as unknown as AppState;
    return {
      ...rest,
      ...createCatalogueSlice(bridge)(set, get, api),
      ...createArtistSlice(bridge)(set, get, api),
    };
  });
  return { store, notices, played };
}

const lockedTrack = catalogueTrackState({ id: 3 });

const progress = (step: UnlockProgress['step'], seen = 0): UnlockProgress => ({
  id: 3,
  step,
  confirmations: { seen, needed: 2 },
  message: step,
  failureReason: step === 'failed' ? 'The tip was refused: not enough ether.' : null,
});

describe('catalogue slice', () => {
  it('asks once for the visible ids and remembers plain files as such', async () => {
    const asked: number[][] = [];
    const { store } = testStore(
      fakeBridge({
        catalogueStates: async (ids) => {
          asked.push(ids);
          return [lockedTrack];
        },
      }),
    );
    await store.getState().loadCatalogueStates([3, 4, 3]);
    await store.getState().loadCatalogueStates([3, 4]);
    assert.deepEqual(asked, [[3, 4]]);
    assert.equal(store.getState().catalogueById.get(3)?.unlocked, false);
    assert.equal(store.getState().catalogueById.get(4), null);
  });

  it('follows an unlock from its events and marks the track unlocked when ready', async () => {
    let emit: (report: UnlockProgress) => void = () => undefined;
    const { store } = testStore(
      fakeBridge({
        catalogueStates: async () => [lockedTrack],
        unlockTrack: async () => {
          for (const report of [progress('tipSent'), progress('confirming', 1), progress('fetchingKey', 2)]) {
            emit(report);
          }
          return progress('ready', 2);
        },
      }),
    );
    const seen: string[] = [];
    emit = (report) => {
      store.getState().receiveUnlockProgress(report);
      seen.push(store.getState().unlocks.get(3)?.step ?? 'none');
    };
    await store.getState().loadCatalogueStates([3]);
    await store.getState().unlockTrack(3);
    assert.deepEqual(seen, ['tipSent', 'confirming', 'fetchingKey']);
    assert.equal(store.getState().unlocks.get(3)?.step, 'ready');
    assert.equal(store.getState().catalogueById.get(3)?.unlocked, true);
  });

  it('pays nothing until the listener confirms the quoted tip, then plays the unlocked track', async () => {
    const unlocked: number[] = [];
    const { store, played } = testStore(
      fakeBridge({
        tipQuote: async (id) => ({
          id,
          priceWei: lockedTrack.priceWei,
          artistName: 'Busker Band',
          artistContract: lockedTrack.artistContract,
          feeWei: '100000000000000',
          balanceWei: '0',
          walletAddress: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
          alreadyPaid: false,
        }),
        unlockTrack: async (id) => {
          unlocked.push(id);
          return progress('ready', 2);
        },
      }),
    );
    await store.getState().askToUnlock(3, 'Night Bus');
    assert.equal(store.getState().dialog, 'tipConfirm');
    assert.equal(store.getState().tipToConfirm?.quote?.artistName, 'Busker Band');
    assert.deepEqual(unlocked, [], 'asking for the price pays nothing');
    store.getState().closeDialog();
    assert.deepEqual(unlocked, [], 'cancelling pays nothing');

    await store.getState().askToUnlock(3, 'Night Bus');
    await store.getState().confirmUnlock();
    assert.deepEqual(unlocked, [3]);
    assert.equal(store.getState().dialog, null);
    assert.deepEqual(played, [3]);
  });

  it('cannot confirm a tip whose quote failed, and says why', async () => {
    const unlocked: number[] = [];
    const { store, played } = testStore(
      fakeBridge({
        tipQuote: async () => {
          throw new BridgeError('NETWORK_UNREACHABLE', 'The blockchain is not answering.');
        },
        unlockTrack: async (id) => {
          unlocked.push(id);
          return progress('ready', 2);
        },
      }),
    );
    await store.getState().askToUnlock(3, 'Night Bus');
    assert.equal(store.getState().tipToConfirm?.error, 'The blockchain is not answering.');
    await store.getState().confirmUnlock();
    assert.deepEqual(unlocked, []);
    assert.deepEqual(played, []);
  });

  it('shows a failed unlock in the host’s words', async () => {
    const { store } = testStore(
      fakeBridge({
        unlockTrack: async () => {
          throw new BridgeError('INSUFFICIENT_FUNDS', 'Your wallet holds too little ether for this tip.');
        },
      }),
    );
    await store.getState().unlockTrack(3);
    const shown = store.getState().unlocks.get(3);
    assert.equal(shown?.step, 'failed');
    assert.equal(shown?.failureReason, 'Your wallet holds too little ether for this tip.');
  });

  it('keeps the newest answer about the tracks not listed, and asks again when the catalogue changes', async () => {
    const entry = (chainTrackId: number, reason: string): NotListedTrack => ({
      artistContract: lockedTrack.artistContract,
      chainTrackId,
      artistName: 'Busker Band',
      status: 'refused',
      reason,
    });
    const answers: ((tracks: NotListedTrack[]) => void)[] = [];
    const { store } = testStore(
      fakeBridge({
        notListedTracks: () => new Promise((resolve) => answers.push(resolve)),
        libraryStats: async () => ({ tracks: 0, albums: 0, artists: 0 }),
      }),
    );
    const older = store.getState().loadNotListed();
    store.getState().catalogueChanged();
    assert.equal(answers.length, 2);
    answers[1]!([entry(4, 'its title is not text')]);
    answers[0]!([entry(2, 'its description is not valid JSON')]);
    await older;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      store.getState().notListed.map((track) => track.reason),
      ['its title is not text'],
    );
  });
});

describe('artist slice', () => {
  const job = (id: string, step: PublishJobSummary['step']): PublishJobSummary => ({
    id,
    fileName: `${id}.wav`,
    title: id,
    priceWei: '10000000000000000',
    step,
    bytesDone: 0,
    bytesTotal: 0,
    message: step,
    chainTrackId: null,
    failureReason: null,
  });

  it('publishes the typed paths at the typed price and folds progress events in', async () => {
    const calls: [string[], string][] = [];
    const { store } = testStore(
      fakeBridge({
        publishFiles: async (paths, price) => {
          calls.push([paths, price]);
          return {
            jobs: [job('a', 'queued'), job('b', 'queued')],
            refused: [{ fileName: 'notes.txt', reason: 'This file is not audio.' }],
          };
        },
      }),
    );
    assert.equal(await store.getState().publishFiles(['/m/a.wav', '/m/b.wav'], ' 0.01 '), true);
    assert.deepEqual(calls, [[['/m/a.wav', '/m/b.wav'], '0.01']]);
    store.getState().receivePublishProgress(job('b', 'encrypted'));
    store.getState().receivePublishProgress(job('a', 'done'));
    assert.deepEqual(
      store.getState().publishJobs.map((j) => `${j.id}:${j.step}`),
      ['a:done', 'b:encrypted'],
    );
    assert.equal(store.getState().publishRefusals[0]?.reason, 'This file is not audio.');
  });

  it('publishes a file refused as published already only when asked for a second copy', async () => {
    const calls: [string[], string, boolean | undefined][] = [];
    const already = 'You published this file already: it is track 4 of your catalogue.';
    const { store } = testStore(
      fakeBridge({
        publishFiles: async (paths, price, again) => {
          calls.push([paths, price, again]);
          if (again) return { jobs: [job('copy', 'queued')], refused: [] };
          return {
            jobs: [],
            refused: [
              { fileName: 'a.wav', reason: already, secondCopyPath: '/m/a.wav' },
              { fileName: 'notes.txt', reason: 'This file is not audio.' },
            ],
          };
        },
      }),
    );
    assert.equal(await store.getState().publishFiles(['/m/a.wav', '/m/notes.txt'], '0.02'), true);
    assert.equal(store.getState().publishJobs.length, 0, 'nothing published twice without asking');
    assert.equal(store.getState().publishRefusals[0]?.reason, already);

    assert.equal(await store.getState().publishSecondCopy('/m/a.wav'), true);
    assert.deepEqual(calls, [
      [['/m/a.wav', '/m/notes.txt'], '0.02', undefined],
      [['/m/a.wav'], '0.02', true],
    ]);
    assert.deepEqual(
      store.getState().publishJobs.map((j) => j.id),
      ['copy'],
    );
    assert.deepEqual(
      store.getState().publishRefusals.map((refusal) => refusal.fileName),
      ['notes.txt'],
    );
  });

  it('keeps the refusal and says why when the second copy fails', async () => {
    const { store } = testStore(
      fakeBridge({
        publishFiles: async (_paths, _price, again) => {
          if (again) throw new BridgeError('UNAVAILABLE', 'The chain does not answer. Try again.');
          return { jobs: [], refused: [{ fileName: 'a.wav', reason: 'x', secondCopyPath: '/m/a.wav' }] };
        },
      }),
    );
    await store.getState().publishFiles(['/m/a.wav'], '0.01');
    assert.equal(await store.getState().publishSecondCopy('/m/a.wav'), false);
    assert.equal(store.getState().artistError, 'The chain does not answer. Try again.');
    assert.equal(store.getState().publishRefusals.length, 1);
  });

  it('takes dropped files by their paths, or asks for paths when the host cannot see them', () => {
    const withPaths = testStore(fakeBridge({ pathForFile: (file) => `/music/${file.name}` })).store;
    withPaths.getState().publishDroppedFiles([new File(['x'], 'a.wav'), new File(['y'], 'b.wav')], []);
    assert.equal(withPaths.getState().publishPathsText, '/music/a.wav\n/music/b.wav');

    const browser = testStore(fakeBridge({ pathForFile: () => null })).store;
    browser.getState().publishDroppedFiles([new File(['x'], 'a.wav')], []);
    assert.equal(browser.getState().publishNote, browserFilesNote);
    browser.getState().publishDroppedFiles([new File(['x'], 'a.wav')], ['/tmp/a.wav']);
    assert.equal(browser.getState().publishPathsText, '/tmp/a.wav');
    assert.equal(browser.getState().publishNote, null);
  });

  it('keeps a refused becomeArtist’s message for the form', async () => {
    const { store } = testStore(
      fakeBridge({
        becomeArtist: async () => {
          throw new BridgeError(
            'CHAIN_UNREACHABLE',
            'Busker cannot reach the chain. Check the network settings.',
          );
        },
      }),
    );
    assert.equal(await store.getState().becomeArtist('Nina'), false);
    assert.equal(store.getState().artistError, 'Busker cannot reach the chain. Check the network settings.');
  });
});
