/**
 * The sandboxed preload: exposes `window.busker`, verbs built from the app API contract and
 * nothing else. `ipcRenderer` itself, and the IPC event objects that carry it, never reach the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadBridge } from './preloadBridge';

const bridge = createPreloadBridge({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args),
  subscribe: (channel, deliver) => {
    ipcRenderer.on(channel, (_event, message: unknown) => deliver(message));
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('busker', bridge);
