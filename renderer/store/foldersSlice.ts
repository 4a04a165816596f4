import type { LibraryFolder } from '../../core/api/appApi';
import type { SliceCreator } from './storeTypes';

export interface FoldersSlice {
  folders: LibraryFolder[] | null;
  /** The folder the remove dialog is asking about. */
  folderToRemove: string | null;
  loadFolders(): Promise<void>;
  askToRemoveFolder(path: string): void;
  removeFolder(path: string): Promise<void>;
}

export const createFoldersSlice: SliceCreator<FoldersSlice> = (bridge) => (set, get) => {
  // Only the newest answer is kept: an older one may finish last after quick library changes.
  let latestLoad = 0;

  return {
    folders: null,
    folderToRemove: null,

    async loadFolders() {
      const load = ++latestLoad;
      try {
        const folders = await bridge.listFolders();
        if (load === latestLoad) set({ folders });
      } catch (error) {
        get().notifyError(error);
      }
    },

    askToRemoveFolder(path) {
      set({ folderToRemove: path });
      get().openDialog('removeFolder');
    },

    async removeFolder(path) {
      get().closeDialog();
      set({ folderToRemove: null });
      try {
        await bridge.removeFolder(path);
      } catch (error) {
        get().notifyError(error);
      } finally {
        void get().loadFolders();
      }
    },
  };
};
