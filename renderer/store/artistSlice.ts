import { errorMessage } from '../bridge/bridgeTypes';
import type { ArtistState, Earnings, PublishJobSummary, PublishRefusal } from '../../core/api/appApi';
import { pathsFromText, withPublishJob, withPublishJobs } from '../logic/publishJobs';
import type { SliceCreator } from './storeTypes';

export interface ArtistSlice {
  artist: ArtistState | null;
  publishJobs: PublishJobSummary[];
  /** Files the last publish refused before making a job, with the reasons. */
  publishRefusals: PublishRefusal[];
  earnings: Earnings | null;
  artistBusy: boolean;
  artistError: string | null;
  /** Why the publish view asks for typed paths (a drop in a browser), when it does. */
  publishNote: string | null;
  loadArtist(): Promise<void>;
  becomeArtist(name: string): Promise<boolean>;
  loadPublishJobs(): Promise<void>;
  publishFiles(paths: string[], priceEth: string): Promise<boolean>;
  /** Publishes a refused file again on purpose, as a second copy, at the price it was refused at. */
  publishSecondCopy(path: string): Promise<boolean>;
  /** Publishes files dropped or picked, or asks for their paths when the host cannot see them. */
  publishDroppedFiles(files: readonly File[], uriPaths: readonly string[]): void;
  receivePublishProgress(job: PublishJobSummary): void;
  loadEarnings(): Promise<void>;
  withdraw(to: string | null): Promise<boolean>;
  clearArtistError(): void;
  /** The files to publish, one path per line: filled by drops and picks, or typed. */
  publishPathsText: string;
  setPublishPathsText(text: string): void;
}

export const browserFilesNote =
  'Your browser does not tell Busker where dropped files are. Type their paths below instead, one per line.';

export const createArtistSlice: SliceCreator<ArtistSlice> = (bridge) => (set, get) => {
  /** The price the refused files were offered at, for a second copy asked for afterwards. */
  let refusedAtPrice = '';

  async function attempt(action: () => Promise<void>): Promise<boolean> {
    set({ artistBusy: true, artistError: null });
    try {
      await action();
      return true;
    } catch (error) {
      set({ artistError: errorMessage(error) });
      return false;
    } finally {
      set({ artistBusy: false });
    }
  }

  /** The browser host cannot see chosen files: their bytes go to it, and its paths come back. */
  async function uploadToPublish(files: readonly File[]): Promise<void> {
    const count = `${files.length} ${files.length === 1 ? 'file' : 'files'}`;
    set({ publishNote: `Sending ${count} to Busker…`, artistError: null });
    const problems: string[] = [];
    for (const file of files) {
      try {
        const path = await bridge.uploadFile(file);
        set({ publishPathsText: pathsFromText([get().publishPathsText, path].join('\n')).join('\n') });
      } catch (error) {
        problems.push(errorMessage(error));
      }
    }
    const sent = files.length - problems.length;
    set({
      publishNote: `Busker has ${sent} of ${count}: ${sent === 1 ? 'it is' : 'they are'} listed below.`,
      artistError: problems.length > 0 ? problems.join(' ') : null,
    });
  }

  return {
    artist: null,
    publishJobs: [],
    publishRefusals: [],
    earnings: null,
    artistBusy: false,
    artistError: null,
    publishNote: null,
    publishPathsText: '',

    async loadArtist() {
      try {
        set({ artist: await bridge.artistState() });
      } catch (error) {
        // No wallet or no chain yet: the artist views say so from the wallet's state.
        set({ artist: null, artistError: errorMessage(error) });
      }
    },

    becomeArtist: (name) =>
      attempt(async () => {
        set({ artist: await bridge.becomeArtist(name.trim()) });
      }),

    async loadPublishJobs() {
      try {
        const jobs = await bridge.listPublishJobs();
        set((state) => ({ publishJobs: withPublishJobs(state.publishJobs, jobs) }));
      } catch (error) {
        get().notifyError(error);
      }
    },

    publishFiles: (paths, priceEth) =>
      attempt(async () => {
        const result = await bridge.publishFiles(paths, priceEth.trim());
        refusedAtPrice = priceEth.trim();
        set((state) => ({
          publishJobs: withPublishJobs(state.publishJobs, result.jobs),
          publishRefusals: result.refused,
          publishPathsText: '',
          publishNote: null,
        }));
      }),

    publishSecondCopy: (path) =>
      attempt(async () => {
        const result = await bridge.publishFiles([path], refusedAtPrice, true);
        set((state) => ({
          publishJobs: withPublishJobs(state.publishJobs, result.jobs),
          publishRefusals: [
            ...state.publishRefusals.filter((refusal) => refusal.secondCopyPath !== path),
            ...result.refused,
          ],
        }));
      }),

    publishDroppedFiles(files, uriPaths) {
      const paths = files.map((file) => bridge.pathForFile(file));
      const known = paths.filter((path): path is string => path != null);
      const found = known.length > 0 && known.length === paths.length ? known : uriPaths;
      if (found.length > 0) {
        const text = pathsFromText([get().publishPathsText, ...found].join('\n')).join('\n');
        set({ publishPathsText: text, publishNote: null });
      } else if (get().capabilities?.host === 'headless' && files.length > 0) {
        void uploadToPublish(files);
      } else {
        set({ publishNote: browserFilesNote });
      }
    },

    receivePublishProgress(job) {
      set((state) => ({ publishJobs: withPublishJob(state.publishJobs, job) }));
      if (job.step === 'done') {
        void get().loadStats();
        if (get().earnings) void get().loadEarnings();
      }
    },

    async loadEarnings() {
      try {
        set({ earnings: await bridge.earnings() });
      } catch (error) {
        set({ artistError: errorMessage(error) });
      }
    },

    withdraw: (to) =>
      attempt(async () => {
        set({ artist: await bridge.withdraw(to) });
        await get().loadEarnings();
        void get().loadWallet();
      }),

    clearArtistError: () => set({ artistError: null }),
    setPublishPathsText: (text) => set({ publishPathsText: text }),
  };
};
