import type { PreloadBridge } from '../../core/api/appApi';
import { createElectronBridge } from './electronBridge';
import { createHttpBridge } from './httpBridge';
import type { Bridge } from './bridgeTypes';

export type { Bridge } from './bridgeTypes';
export { BridgeError, errorMessage } from './bridgeTypes';

declare global {
  interface Window {
    busker?: PreloadBridge;
  }
}

/** Inside Electron the preload has put its verbs on `window.busker`; anywhere else we are in a browser. */
function chooseBridge(): Bridge {
  const preload = window.busker;
  return preload ? createElectronBridge(preload) : createHttpBridge();
}

/** The one way the renderer reaches its host. */
export const bridge: Bridge = chooseBridge();
