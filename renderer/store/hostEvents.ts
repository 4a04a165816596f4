import type { Bridge } from '../bridge/bridge';
import type { AppStore } from './appStore';

/** Loads what the UI needs first and follows the host's events. Returns the unsubscriber. */
export function connectToHost(store: AppStore, bridge: Bridge): () => void {
  const state = store.getState();
  void state.loadCapabilities();
  void state.loadStats();
  void state.loadFolders();
  const stops = [
    bridge.on('onDidImportProgress', (progress) => store.getState().receiveImportProgress(progress)),
    bridge.on('onDidChangeLibrary', (stats) => store.getState().libraryChanged(stats)),
  ];
  return () => stops.forEach((stop) => stop());
}
