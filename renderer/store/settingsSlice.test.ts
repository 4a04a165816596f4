// The settings slice with the bridge swapped for a test double: no page, no host.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from 'zustand';
import type { NetworkSettings } from '../../core/api/appApi';
import type { Bridge } from '../bridge/bridgeTypes';
import { BridgeError } from '../bridge/bridgeTypes';
import { createSettingsSlice } from './settingsSlice';
import type { AppState } from './storeTypes';

const joined: NetworkSettings = {
  source: 'custom',
  name: 'Busker Devnet',
  seeds: 0,
  rpcUrl: 'http://127.0.0.1:8545',
  chainId: 31337,
  factory: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  keyServerUrl: 'http://127.0.0.1:7401',
};

function testStore(joinNetwork: Bridge['joinNetwork'], more: Partial<Bridge> = {}) {
  const reloaded: string[] = [];
  const bridge = { joinNetwork, ...more } as Bridge;
  const store = create<AppState>()((set, get, api) => ({
    ...({
      loadWallet: async () => void reloaded.push('wallet'),
      loadArtist: async () => void reloaded.push('artist'),
      catalogueChanged: () => void reloaded.push('catalogue'),
    } as unknown as AppState),
    ...createSettingsSlice(bridge)(set, get, api),
  }));
  return { store, reloaded };
}

describe('settings slice: joining a network', () => {
  it('keeps what the host joined and reloads wallet, artist and catalogue for the new chain', async () => {
    const asked: string[] = [];
    const { store, reloaded } = testStore(async (address) => {
      asked.push(address);
      return joined;
    });
    assert.equal(await store.getState().joinNetwork('127.0.0.1:7401'), true);
    assert.deepEqual(asked, ['127.0.0.1:7401']);
    assert.deepEqual(store.getState().network, joined);
    assert.deepEqual(reloaded.sort(), ['artist', 'catalogue', 'wallet']);
    assert.equal(store.getState().settingsBusy, false);
  });

  it("a refusal is shown in the host's words and changes nothing", async () => {
    const { store, reloaded } = testStore(async () => {
      throw new BridgeError('NETWORK_UNREACHABLE', 'No Busker key server answers at http://127.0.0.1:9.');
    });
    assert.equal(await store.getState().joinNetwork('127.0.0.1:9'), false);
    assert.equal(store.getState().network, null);
    assert.equal(store.getState().settingsError, 'No Busker key server answers at http://127.0.0.1:9.');
    assert.deepEqual(reloaded, []);
    assert.equal(store.getState().settingsBusy, false);
  });
});

describe('settings slice: loading', () => {
  it('loads the cache size even when the network part cannot be read, and says why', async () => {
    const { store } = testStore(async () => joined, {
      networkSettings: async () => {
        throw new BridgeError('NO_NETWORK', 'Not connected — join a network in Settings.');
      },
      cacheState: async () => ({ usedBytes: 0, limitBytes: 2 ** 31 }),
    });
    await store.getState().loadSettings();
    assert.deepEqual(store.getState().cache, { usedBytes: 0, limitBytes: 2 ** 31 });
    assert.equal(store.getState().network, null);
    assert.equal(store.getState().settingsError, 'Not connected — join a network in Settings.');
  });
});
