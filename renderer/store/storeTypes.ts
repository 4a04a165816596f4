import type { StateCreator } from 'zustand';
import type { Bridge } from '../bridge/bridgeTypes';
import type { ArtistSlice } from './artistSlice';
import type { CatalogueSlice } from './catalogueSlice';
import type { ConnectionSlice } from './connectionSlice';
import type { FoldersSlice } from './foldersSlice';
import type { ImportSlice } from './importSlice';
import type { LibrarySlice } from './librarySlice';
import type { PlaybackQualitySlice } from './playbackQualitySlice';
import type { PlayerSlice } from './playerSlice';
import type { SearchSlice } from './searchSlice';
import type { PlaylistSlice } from './playlistSlice';
import type { SettingsSlice } from './settingsSlice';
import type { TrackInfoSlice } from './trackInfoSlice';
import type { UiSlice } from './uiSlice';
import type { WalletSlice } from './walletSlice';

/** The whole renderer state: one store made of typed slices. */
export type AppState = LibrarySlice &
  FoldersSlice &
  PlayerSlice &
  ImportSlice &
  TrackInfoSlice &
  UiSlice &
  WalletSlice &
  SettingsSlice &
  ArtistSlice &
  CatalogueSlice &
  SearchSlice &
  PlaylistSlice &
  PlaybackQualitySlice &
  ConnectionSlice;

/** A slice's creator, given the bridge it talks to the host through. */
export type SliceCreator<Slice> = (bridge: Bridge) => StateCreator<AppState, [], [], Slice>;
