import type { Migration } from '../../../base/migrationRunner';
import { migration001 } from './001_initial';
import { migration002 } from './002_library_folders';
import { migration003 } from './003_catalogue_media';
import { migration004 } from './004_listener_jobs';
import { migration005 } from './005_search_folding';
import { migration006 } from './006_playlists';
import { migration007 } from './007_play_history';
import { migration008 } from './008_replay_gain';
import { migration009 } from './009_folder_cover_flag';
import { migration010 } from './010_import_memory';
import { migration011 } from './011_play_counts';

/** Every migration in order; a new one is a new numbered file appended here. */
export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
];
