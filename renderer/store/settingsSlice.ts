import { errorMessage } from '../bridge/bridgeTypes';
import type { CacheState, CustomNetworkInput, NetworkSettings } from '../../core/api/appApi';
import { webNotifications } from '../logic/trackChangeNotice';
import type { SliceCreator } from './storeTypes';

export interface SettingsSlice {
  network: NetworkSettings | null;
  cache: CacheState | null;
  settingsBusy: boolean;
  settingsError: string | null;
  loadSettings(): Promise<void>;
  /** Null switches back to the local network. Resolves whether the host accepted it. */
  setNetwork(input: CustomNetworkInput | null): Promise<boolean>;
  /** Joins the network whose key server answers at `address`. Resolves whether it was joined. */
  joinNetwork(address: string): Promise<boolean>;
  setCacheLimit(bytes: number): Promise<boolean>;
  /** Saves (null: removes) this network's pinning token. Resolves whether the host kept it. */
  setPinningToken(token: string | null): Promise<boolean>;
  /** "Notify when the song changes"; null until chosen: on in the desktop app, off in a browser. */
  notifyTrackChange: boolean | null;
  /** In a browser, turning it on asks for the permission (the listener's own click). */
  setNotifyTrackChange(on: boolean): Promise<void>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (bridge) => (set, get) => {
  async function attempt(action: () => Promise<void>): Promise<boolean> {
    set({ settingsBusy: true, settingsError: null });
    try {
      await action();
      return true;
    } catch (error) {
      set({ settingsError: errorMessage(error) });
      return false;
    } finally {
      set({ settingsBusy: false });
    }
  }

  /** Another chain: another wallet balance, artist contract and catalogue. */
  function networkChanged(): void {
    void get().loadWallet();
    void get().loadArtist();
    get().catalogueChanged();
  }

  return {
    network: null,
    cache: null,
    settingsBusy: false,
    settingsError: null,
    notifyTrackChange: null,

    async setNotifyTrackChange(on) {
      if (on && !get().capabilities?.desktopShell) {
        const web = webNotifications();
        const granted =
          web !== null && (web.permission === 'granted' || (await web.requestPermission()) === 'granted');
        if (!granted) {
          get().notify(
            'This browser does not allow Busker’s notifications. Allow them in the site’s settings, then try again.',
          );
          set({ notifyTrackChange: false });
          return;
        }
      }
      set({ notifyTrackChange: on });
    },

    async loadSettings() {
      set({ settingsError: null });
      // Each part loads on its own: with no network the cache size can still be set.
      const [network, cache] = await Promise.allSettled([bridge.networkSettings(), bridge.cacheState()]);
      if (network.status === 'fulfilled') set({ network: network.value });
      if (cache.status === 'fulfilled') set({ cache: cache.value });
      const failed = [network, cache].find((result) => result.status === 'rejected');
      if (failed) set({ settingsError: errorMessage(failed.reason) });
    },

    setNetwork: (input) =>
      attempt(async () => {
        set({ network: await bridge.setNetwork(input) });
        networkChanged();
      }),

    joinNetwork: (address) =>
      attempt(async () => {
        set({ network: await bridge.joinNetwork(address) });
        networkChanged();
      }),

    setCacheLimit: (bytes) =>
      attempt(async () => {
        set({ cache: await bridge.setCacheLimit(bytes) });
      }),

    setPinningToken: (token) =>
      attempt(async () => {
        set({ network: await bridge.setPinningToken(token) });
      }),
  };
};
