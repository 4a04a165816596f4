import { useEffect } from 'react';
import type { LibraryView } from '../store/librarySlice';
import { useAppStore } from '../store/appStore';
import { FolderList } from './FolderList';
import { FolderIcon, KeyboardIcon, MenuIcon } from './icons';
import { NotListedTracks } from './NotListedTracks';
import { PlaylistNav } from './PlaylistNav';
import { WalletPanel } from './WalletPanel';
import { ConnectionStatus, useConnectionStatus } from './ConnectionStatus';

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

function NavList({
  label,
  items,
  active,
}: {
  label: string;
  items: typeof sections;
  active: Section | null;
}) {
  const showView = useAppStore((s) => s.showView);
  const setSidebarOpen = useAppStore((s) => s.setSidebarOpen);
  return (
    <nav aria-label={label}>
      <ul className="nav-list">
        {items.map((section) => (
          <li key={section.id}>
            <button
              type="button"
              className={section.id === active ? 'nav-item is-active' : 'nav-item'}
              aria-current={section.id === active ? 'page' : undefined}
              onClick={() => {
                setSidebarOpen(false);
                showView({ kind: section.id });
              }}
            >
              {section.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function sectionOf(view: LibraryView['kind']): Section | null {
  if (view === 'album') return 'albums';
  if (view === 'artist') return 'artists';
  if (view === 'playlist') return null;
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

const toggleId = 'sidebar-toggle';

/** Shows the sidebar a narrow window folds away (the button only appears there). */
export function SidebarToggle() {
  const open = useAppStore((s) => s.sidebarOpen);
  // The folded sidebar hides the connection status: a problem shows on its button instead.
  const status = useConnectionStatus();
  const problem = status?.tone === 'problem' ? status.text : null;
  const setSidebarOpen = useAppStore((s) => s.setSidebarOpen);

  // Opened, it takes the focus to its current section; Escape folds it and returns here.
  useEffect(() => {
    if (!open) return;
    document
      .querySelector<HTMLElement>('#sidebar .nav-item[aria-current="page"], #sidebar .nav-item')
      ?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || useAppStore.getState().dialog) return;
      event.preventDefault();
      setSidebarOpen(false);
      document.getElementById(toggleId)?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open, setSidebarOpen]);

  return (
    <button
      type="button"
      id={toggleId}
      className={
        problem ? 'icon-button sidebar-toggle sidebar-toggle--problem' : 'icon-button sidebar-toggle'
      }
      aria-label={problem ? `Library menu. ${problem}` : 'Library menu'}
      title={problem ?? undefined}
      aria-expanded={open}
      aria-controls="sidebar"
      onClick={() => setSidebarOpen(!open)}
    >
      <MenuIcon />
    </button>
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
    <aside id="sidebar" className="sidebar">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true" />
        <span className="brand__name">Busker</span>
      </div>
      <ConnectionStatus />
      <NavList label="Library sections" items={sections} active={active} />
      <NavList label="Listening" items={listeningSections} active={active} />
      <PlaylistNav />
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
