/**
 * The one typed IPC wrapper (the only file in main/ that may import ipcMain). Every message is
 * checked for its sender frame before its arguments are even parsed.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { AppApi } from '../core/api/appApi';
import { appMethods } from '../core/api/appMethods';
import type { AppEvent } from '../core/api/appBackend';
import { APP_EVENT_CHANNEL, appMethodChannel } from '../preload/ipcChannels';
import { dispatchAppCall } from './appCall';
import { judgeSender, type SenderFacts } from './senderPolicy';

/** Returns Busker's window contents, or null while there is no window. */
export type AppContentsLookup = () => WebContents | null;

/**
 * Registers `app:<method>` for every method of the contract. Returns a function that removes
 * the handlers again.
 */
export function serveAppApi(api: AppApi, appContents: AppContentsLookup): () => void {
  for (const method of appMethods) {
    ipcMain.handle(appMethodChannel(method), (event, ...args: unknown[]) => {
      const verdict = judgeSender(senderFacts(event, appContents()));
      if (!verdict.trusted) {
        console.warn(`busker: refused ${method} from ${verdict.reason}`);
        // An untrusted caller gets Electron's generic rejection and learns nothing else.
        throw new Error('Refused');
      }
      return dispatchAppCall(api, method, args);
    });
  }
  return () => {
    for (const method of appMethods) ipcMain.removeHandler(appMethodChannel(method));
  };
}

/** Pushes one backend event to the page; dropped quietly when the window is gone. */
export function sendAppEvent(contents: WebContents, event: AppEvent): void {
  if (contents.isDestroyed()) return;
  contents.send(APP_EVENT_CHANNEL, event);
}

function senderFacts(event: IpcMainInvokeEvent, contents: WebContents | null): SenderFacts {
  const frame = event.senderFrame;
  if (frame === null || frame.isDestroyed()) return { url: null, isAppMainFrame: false };
  const isAppMainFrame =
    contents !== null &&
    !contents.isDestroyed() &&
    event.sender.id === contents.id &&
    frame.parent === null &&
    frame.frameTreeNodeId === contents.mainFrame.frameTreeNodeId;
  return { url: frame.url, isAppMainFrame };
}
