import type { Bridge } from '../bridge/bridge';
import type { AppStore } from './appStore';

/**
 * Events sent while the host was away are lost: when it answers again, the page reads the
 * library, the wallet and the catalogue afresh, as they may have changed meanwhile.
 */
function catchUp(store: AppStore, bridge: Bridge): void {
  const state = store.getState();
  if (state.capabilities?.market) {
    void state.loadWallet();
    void state.loadArtist();
    state.catalogueChanged(); // and with it the library's counts, lists and playlists
    return;
  }
  bridge.libraryStats().then(
    (stats) => store.getState().libraryChanged(stats),
    () => undefined, // the host went away again; its status says so, and its return catches up
  );
}

/** Loads what the UI needs first and follows the host's events. Returns the unsubscriber. */
export function connectToHost(store: AppStore, bridge: Bridge): () => void {
  const state = store.getState();
  void state.loadCapabilities().then(() => {
    // Hosts without the market (one-shot tools, a bare library host) have no wallet to show.
    if (!store.getState().capabilities?.market) return;
    void store.getState().loadWallet();
    void store.getState().loadArtist();
    void store.getState().loadNotListed();
  });
  void state.loadStats();
  void state.loadFolders();
  void state.loadPlaylists();
  let away = false;
  const stops = [
    bridge.on('onDidImportProgress', (progress) => store.getState().receiveImportProgress(progress)),
    bridge.on('onDidChangeLibrary', (stats) => store.getState().libraryChanged(stats)),
    bridge.on('onDidChangeWallet', (wallet) => store.getState().walletChanged(wallet)),
    bridge.on('onDidPublishProgress', (job) => store.getState().receivePublishProgress(job)),
    bridge.on('onDidUnlockProgress', (progress) => store.getState().receiveUnlockProgress(progress)),
    bridge.on('onDidChangeCatalogue', () => store.getState().catalogueChanged()),
    bridge.onHostConnection?.((connection) => {
      if (connection !== 'connected') away = true;
      else if (away) {
        away = false;
        catchUp(store, bridge);
      }
    }) ?? (() => undefined),
  ];
  return () => stops.forEach((stop) => stop());
}
