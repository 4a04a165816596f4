import type { Bridge } from '../bridge/bridge';
import type { AppStore } from './appStore';

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
  const stops = [
    bridge.on('onDidImportProgress', (progress) => store.getState().receiveImportProgress(progress)),
    bridge.on('onDidChangeLibrary', (stats) => store.getState().libraryChanged(stats)),
    bridge.on('onDidChangeWallet', (wallet) => store.getState().walletChanged(wallet)),
    bridge.on('onDidPublishProgress', (job) => store.getState().receivePublishProgress(job)),
    bridge.on('onDidUnlockProgress', (progress) => store.getState().receiveUnlockProgress(progress)),
    bridge.on('onDidChangeCatalogue', () => store.getState().catalogueChanged()),
  ];
  return () => stops.forEach((stop) => stop());
}
