import { create } from 'zustand';
import type { Bridge } from '../bridge/bridge';
import { bridge } from '../bridge/bridge';
import { createArtistSlice } from './artistSlice';
import { createCatalogueSlice } from './catalogueSlice';
import { createConnectionSlice } from './connectionSlice';
import { createFoldersSlice } from './foldersSlice';
import { createImportSlice } from './importSlice';
import { createLibrarySlice } from './librarySlice';
import { createPlaybackQualitySlice } from './playbackQualitySlice';
import { createPlayerSlice } from './playerSlice';
import { createSearchSlice } from './searchSlice';
import { createPlaylistSlice } from './playlistSlice';
import { createSettingsSlice } from './settingsSlice';
import type { AppState } from './storeTypes';
import { createTrackInfoSlice } from './trackInfoSlice';
import { createUiSlice } from './uiSlice';
import { createWalletSlice } from './walletSlice';

export type { AppState } from './storeTypes';

export function createAppStore(hostBridge: Bridge) {
  return create<AppState>()((...a) => ({
    ...createLibrarySlice(hostBridge)(...a),
    ...createFoldersSlice(hostBridge)(...a),
    ...createPlayerSlice(hostBridge)(...a),
    ...createImportSlice(hostBridge)(...a),
    ...createTrackInfoSlice(hostBridge)(...a),
    ...createUiSlice(hostBridge)(...a),
    ...createWalletSlice(hostBridge)(...a),
    ...createSettingsSlice(hostBridge)(...a),
    ...createArtistSlice(hostBridge)(...a),
    ...createCatalogueSlice(hostBridge)(...a),
    ...createSearchSlice(hostBridge)(...a),
    ...createPlaylistSlice(hostBridge)(...a),
    ...createPlaybackQualitySlice(hostBridge)(...a),
    ...createConnectionSlice(hostBridge)(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The renderer's one store. */
export const useAppStore: AppStore = createAppStore(bridge);
