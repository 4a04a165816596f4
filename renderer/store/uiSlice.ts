import type { HostCapabilities } from '../../core/api/appApi';
import { BridgeError, errorMessage, hostUnreachableMessage } from '../bridge/bridgeTypes';
import type { SliceCreator } from './storeTypes';

export type DialogName =
  'import' | 'shortcuts' | 'removeFolder' | 'wallet' | 'settings' | 'tipConfirm' | 'playlist';

/** A button on a notice that does what the message suggests ("Try again"). */
export interface NoticeAction {
  label: string;
  run(): void;
}

export interface Notice {
  id: number;
  message: string;
  tone: 'error' | 'info';
  /**
   * What the notice is about ('import', 'playback', 'host', 'offline:12'): a later success for
   * the same subject clears it, and a newer notice about it replaces it.
   */
  subject?: string;
  action?: NoticeAction;
}

export interface NoticeOptions {
  subject?: string;
  action?: NoticeAction;
}

/** The subject of every "could not reach Busker" failure: cleared when the host answers again. */
export const hostNoticeSubject = 'host';

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
  notify(message: string, tone?: Notice['tone'], options?: NoticeOptions): void;
  notifyError(error: unknown, options?: NoticeOptions): void;
  dismissNotice(id: number): void;
  /** Desktop app: shows the track's file in the file manager (main finds it by id). */
  showTrackInFolder(trackId: number): Promise<void>;
  /** The action about `subject` succeeded: its error notices are out of date. */
  noticeSubjectSucceeded(subject: string): void;
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
  notify(message, tone = 'error', options = {}) {
    const notice: Notice = { id: nextNoticeId++, message, tone, ...options };
    // The same message twice in a row (a burst of failures) shows once.
    if (get().notices.at(-1)?.message === message) return;
    const { subject } = options;
    set((state) => ({
      notices: [
        ...state.notices.filter((old) => subject === undefined || old.subject !== subject),
        notice,
      ].slice(-maxNotices),
    }));
  },
  notifyError(error, options) {
    const unreachable = error instanceof BridgeError && error.message === hostUnreachableMessage;
    get().notify(
      errorMessage(error),
      'error',
      unreachable ? { ...options, subject: hostNoticeSubject } : options,
    );
  },
  dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  noticeSubjectSucceeded(subject) {
    if (!get().notices.some((notice) => notice.subject === subject && notice.tone === 'error')) return;
    set((state) => ({
      notices: state.notices.filter((notice) => notice.subject !== subject || notice.tone !== 'error'),
    }));
  },
});
