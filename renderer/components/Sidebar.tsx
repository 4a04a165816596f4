import type { LibraryView } from '../store/librarySlice';
import { useAppStore } from '../store/appStore';
import { FolderList } from './FolderList';
import { FolderIcon, KeyboardIcon } from './icons';
import { NotListedTracks } from './NotListedTracks';
import { WalletPanel } from './WalletPanel';

type Section =
  'songs' | 'albums' | 'artists' | 'publish' | 'earnings' | 'nowPlaying' | 'recentlyAdded' | 'recentlyPlayed';

const sections: { id: Section; label: string }[] = [
  { id: 'songs', label: 'Songs' },
  { id: 'albums', label: 'Albums' },
  { id: 'artists', label: 'Artists' },
];

const listeningSections: { id: Section; label: string }[] = [
  { id: 'nowPlaying', label: 'Now playing' },
  { id: 'recentlyAdded', label: 'Recently added' },
  { id: 'recentlyPlayed', label: 'Recently played' },
];

const artistSections: { id: Section; label: string }[] = [
  { id: 'publish', label: 'Publish' },
  { id: 'earnings', label: 'Earnings' },
];

function NavList({ label, items, active }: { label: string; items: typeof sections; active: Section }) {
  const showView = useAppStore((s) => s.showView);
  return (
    <nav aria-label={label}>
      <ul className="nav-list">
        {items.map((section) => (
          <li key={section.id}>
            <button
              type="button"
              className={section.id === active ? 'nav-item is-active' : 'nav-item'}
              aria-current={section.id === active ? 'page' : undefined}
              onClick={() => showView({ kind: section.id })}
            >
              {section.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function sectionOf(view: LibraryView['kind']): Section {
  if (view === 'album') return 'albums';
  if (view === 'artist') return 'artists';
  return view;
}

function LibraryStatsLine() {
  const stats = useAppStore((s) => s.stats);
  if (!stats) return null;
  const format = (count: number, one: string, many: string) =>
    `${count.toLocaleString()} ${count === 1 ? one : many}`;
  return (
    <dl className="library-stats" aria-label="Library">
      <div>
        <dt>Songs</dt>
        <dd>{format(stats.tracks, 'song', 'songs')}</dd>
      </div>
      <div>
        <dt>Albums</dt>
        <dd>{format(stats.albums, 'album', 'albums')}</dd>
      </div>
      <div>
        <dt>Artists</dt>
        <dd>{format(stats.artists, 'artist', 'artists')}</dd>
      </div>
    </dl>
  );
}

/** Library sections, the library's size, and the ways to add music. */
export function Sidebar() {
  const viewKind = useAppStore((s) => s.view.kind);
  const importing = useAppStore((s) => s.importRunning);
  const { chooseFolderToImport, openDialog } = useAppStore.getState();
  const active = sectionOf(viewKind);
  const market = useAppStore((s) => s.capabilities?.market === true);
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true" />
        <span className="brand__name">Busker</span>
      </div>
      <NavList label="Library sections" items={sections} active={active} />
      <NavList label="Listening" items={listeningSections} active={active} />
      {market && (
        <>
          <h2 className="sidebar__heading">Artist</h2>
          <NavList label="Artist sections" items={artistSections} active={active} />
        </>
      )}
      <LibraryStatsLine />
      {market && <NotListedTracks />}
      {market && <WalletPanel />}
      <FolderList />
      <div className="sidebar__actions">
        <button
          type="button"
          className="secondary-button"
          disabled={importing}
          onClick={() => void chooseFolderToImport()}
        >
          <FolderIcon />
          Import folder
        </button>
        <button
          type="button"
          className="text-button sidebar__shortcuts"
          onClick={() => openDialog('settings')}
        >
          Settings
        </button>
        <button
          type="button"
          className="text-button sidebar__shortcuts"
          aria-keyshortcuts="?"
          onClick={() => openDialog('shortcuts')}
        >
          <KeyboardIcon />
          Keyboard shortcuts
        </button>
      </div>
    </aside>
  );
}
