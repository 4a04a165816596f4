import type { FolderListing, ImportProgress, ImportSummary } from '../../core/api/appApi';
import { errorMessage } from '../bridge/bridgeTypes';
import type { SliceCreator } from './storeTypes';

export interface ImportSlice {
  importRunning: boolean;
  importProgress: ImportProgress | null;
  importSummary: ImportSummary | null;
  /** Asks for a folder the way the host can: its native dialog, or our path dialog. */
  chooseFolderToImport(): Promise<void>;
  importFolder(folder: string): Promise<void>;
  /** What was typed in the import dialog and why importing it failed, kept to show it again. */
  importDialogPath: string | null;
  importDialogError: string | null;
  /** Imports the folder typed in the dialog; on failure the dialog opens again with it and the reason. */
  importFolderFromDialog(folder: string): Promise<void>;
  forgetImportDialogFailure(): void;
  /** The folder shown in the import dialog's browser (browser host), or why it cannot be listed. */
  folderListing: FolderListing | null;
  folderListingError: string | null;
  browseFolders(path: string | null): Promise<void>;
  /** Imports a folder dropped on the window, or asks for its path when the host cannot see it. */
  importDroppedFile(file: File): Promise<void>;
  receiveImportProgress(progress: ImportProgress): void;
  dismissImportSummary(): void;
}

export const browserDropNote =
  'Your browser does not tell Busker where a dropped folder is. Type its path below instead.';

/** Import failures are one subject, whatever the folder: the next import that works clears them. */
const importSubject = 'import';

export const createImportSlice: SliceCreator<ImportSlice> = (bridge) => (set, get) => ({
  importRunning: false,
  importProgress: null,
  importSummary: null,
  importDialogPath: null,
  importDialogError: null,
  folderListing: null,
  folderListingError: null,

  async chooseFolderToImport() {
    const capabilities = get().capabilities ?? (await bridge.capabilities().catch(() => null));
    if (!capabilities?.folderPicker) {
      get().openDialog('import');
      return;
    }
    try {
      const folder = await bridge.pickFolder();
      if (folder) await get().importFolder(folder);
    } catch (error) {
      get().notifyError(error, { subject: importSubject });
    }
  },

  async importFolder(folder) {
    set({ importRunning: true, importProgress: null, importSummary: null });
    try {
      const summary = await bridge.importFolder(folder);
      set({ importSummary: summary });
      get().noticeSubjectSucceeded(importSubject);
    } catch (error) {
      get().notifyError(error, {
        subject: importSubject,
        action: { label: 'Choose another folder', run: () => void get().chooseFolderToImport() },
      });
    } finally {
      set({ importRunning: false, importProgress: null });
      void get().loadStats();
    }
  },

  async importFolderFromDialog(folder) {
    set({ importRunning: true, importProgress: null, importSummary: null, importDialogError: null });
    get().closeDialog();
    try {
      const summary = await bridge.importFolder(folder);
      set({ importSummary: summary, importDialogPath: null });
      get().noticeSubjectSucceeded(importSubject);
    } catch (error) {
      set({ importDialogPath: folder, importDialogError: errorMessage(error) });
      get().openDialog('import');
    } finally {
      set({ importRunning: false, importProgress: null });
      void get().loadStats();
    }
  },

  forgetImportDialogFailure: () => set({ importDialogPath: null, importDialogError: null }),

  async browseFolders(path) {
    try {
      set({ folderListing: await bridge.browseFolders(path), folderListingError: null });
    } catch (error) {
      set({ folderListingError: errorMessage(error) });
    }
  },

  async importDroppedFile(file) {
    const path = bridge.pathForFile(file);
    if (path) await get().importFolder(path);
    else get().openDialog('import', browserDropNote);
  },

  receiveImportProgress(progress) {
    // An import started elsewhere (another window, the CLI) shows its progress too.
    set({ importProgress: progress.phase === 'done' ? null : progress });
  },

  dismissImportSummary: () => set({ importSummary: null }),
});
