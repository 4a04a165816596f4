/**
 * The app backend both hosts serve: the library behind the `AppApi` contract, the media the
 * stream handler reads by id, and the events pushed to the renderer.
 */
import { join } from 'node:path';
import type { AppApi } from '../api/appApi';
import type { AppBackend, AppBackendOptions, AppEvent, AppEventListener } from '../api/appBackend';
import { openLibraryDatabase } from '../library/database';
import { LibraryImporter } from '../library/libraryImporter';
import type { ImporterSettings } from '../library/libraryImporter';
import { TrackQueries } from '../library/trackQueries';
import { TrackRepo } from '../library/trackRepo';

export const LIBRARY_FILE_NAME = 'library.sqlite';

export function openBackend(options: AppBackendOptions, importerSettings?: ImporterSettings): AppBackend {
  const db = openLibraryDatabase(join(options.dataDir, LIBRARY_FILE_NAME));
  const queries = new TrackQueries(db);
  const importer = new LibraryImporter(new TrackRepo(db), importerSettings);
  const listeners = new Set<AppEventListener>();
  const emit = (event: AppEvent) => {
    for (const listener of listeners) listener(event);
  };

  const api: AppApi = {
    capabilities: async () => ({ host: options.host, folderPicker: options.pickFolder !== undefined }),
    libraryStats: async () => queries.stats(),
    listTracks: async (request) => queries.listTracks(request),
    listTrackIds: async (query) => queries.listTrackIds(query),
    getTracks: async (ids) => queries.getTracks(ids),
    listAlbums: async () => queries.listAlbums(),
    listArtists: async () => queries.listArtists(),
    pickFolder: async () => (options.pickFolder ? options.pickFolder() : null),
    importFolder: async (folder) => {
      const summary = await importer.importFolder(folder, {
        onProgress: (payload) => emit({ name: 'onDidImportProgress', payload }),
      });
      emit({ name: 'onDidChangeLibrary', payload: queries.stats() });
      return summary;
    },
  };

  return {
    api,
    media: {
      trackFile: (id) => queries.trackFile(id),
      coverImage: (id) => queries.coverImage(id),
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      db.close();
    },
  };
}
