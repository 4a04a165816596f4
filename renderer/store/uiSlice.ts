import type { HostCapabilities } from '../../core/api/appApi';
import { errorMessage } from '../bridge/bridgeTypes';
import type { SliceCreator } from './storeTypes';

export type DialogName =
  'import' | 'shortcuts' | 'removeFolder' | 'wallet' | 'settings' | 'tipConfirm' | 'playlist';

export interface Notice {
  id: number;
  message: string;
  tone: 'error' | 'info';
}

export interface UiSlice {
  capabilities: HostCapabilities | null;
  dialog: DialogName | null;
  /** Why the import dialog opened, when it was not the listener's choice (a drop in a browser). */
  importDialogNote: string | null;
  queueOpen: boolean;
  /** Whether the folded sidebar of a narrow window is shown. */
  sidebarOpen: boolean;
  notices: Notice[];
  loadCapabilities(): Promise<void>;
  openDialog(dialog: DialogName, note?: string): void;
  closeDialog(): void;
  toggleQueue(): void;
  setSidebarOpen(open: boolean): void;
  notify(message: string, tone?: Notice['tone']): void;
  notifyError(error: unknown): void;
  dismissNotice(id: number): void;
  /** Desktop app: shows the track's file in the file manager (main finds it by id). */
  showTrackInFolder(trackId: number): Promise<void>;
}

const maxNotices = 4;
let nextNoticeId = 1;

export const createUiSlice: SliceCreator<UiSlice> = (bridge) => (set, get) => ({
  capabilities: null,
  dialog: null,
  importDialogNote: null,
  queueOpen: false,
  sidebarOpen: false,
  notices: [],

  async loadCapabilities() {
    try {
      set({ capabilities: await bridge.capabilities() });
    } catch (error) {
      get().notifyError(error);
    }
  },
  async showTrackInFolder(trackId) {
    try {
      await bridge.showTrackInFolder(trackId);
    } catch (error) {
      get().notifyError(error);
    }
  },
  openDialog: (dialog, note) => set({ dialog, importDialogNote: note ?? null }),
  closeDialog: () => set({ dialog: null, importDialogNote: null }),
  toggleQueue: () => set((state) => ({ queueOpen: !state.queueOpen })),
  setSidebarOpen: (open) => set({ sidebarOpen: open }),
  notify(message, tone = 'error') {
    const notice = { id: nextNoticeId++, message, tone };
    // The same message twice in a row (a burst of failures) shows once.
    if (get().notices.at(-1)?.message === message) return;
    set((state) => ({ notices: [...state.notices, notice].slice(-maxNotices) }));
  },
  notifyError: (error) => get().notify(errorMessage(error), 'error'),
  dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
});
