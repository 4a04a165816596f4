import type { NetworkHealth } from '../../core/api/appApi';
import type { HostConnection } from '../bridge/bridgeTypes';
import type { SliceCreator } from './storeTypes';
import { hostNoticeSubject } from './uiSlice';

/** How often the network's health is asked for while the page is shown (the host reuses answers). */
const networkPollMs = 4_000;

export interface ConnectionSlice {
  hostConnection: HostConnection;
  /** Null until the first answer, and on hosts without the market. */
  networkHealth: NetworkHealth | null;
  /**
   * Follows the host and, with the market on and the page shown, the network's health, until
   * the returned stop.
   */
  watchConnection(isShown: () => boolean): () => void;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (bridge) => (set, get) => ({
  hostConnection: 'connected',
  networkHealth: null,

  watchConnection(isShown) {
    const poll = async () => {
      if (get().capabilities?.market !== true || get().hostConnection !== 'connected') return;
      if (!isShown()) return;
      try {
        set({ networkHealth: await bridge.networkHealth() });
      } catch {
        // The host connection says why: it went away while asking.
      }
    };
    const stopHost = bridge.onHostConnection?.((hostConnection) => {
      set({ hostConnection });
      if (hostConnection !== 'connected') return;
      get().noticeSubjectSucceeded(hostNoticeSubject);
      void poll();
    });
    void poll();
    const timer = setInterval(() => void poll(), networkPollMs);
    return () => {
      clearInterval(timer);
      stopHost?.();
    };
  },
});
