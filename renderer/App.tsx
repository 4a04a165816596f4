import { AlbumGrid } from './components/AlbumGrid';
import { AlbumPage } from './components/AlbumPage';
import { ArtistList } from './components/ArtistList';
import { ArtistPage } from './components/ArtistPage';
import { DropOverlay } from './components/DropOverlay';
import { EarningsView } from './components/EarningsView';
import { EmptyState } from './components/EmptyState';
import { ImportDialog } from './components/ImportDialog';
import { ImportProgress } from './components/ImportProgress';
import { ImportSummary } from './components/ImportSummary';
import { Notices } from './components/Notices';
import { NowPlayingBar } from './components/NowPlayingBar';
import { PlaylistDialog } from './components/PlaylistDialog';
import { PlaylistView } from './components/PlaylistView';
import { NowPlayingView } from './components/NowPlayingView';
import { PublishView } from './components/PublishView';
import { QueuePanel } from './components/QueuePanel';
import { RemoveFolderDialog } from './components/RemoveFolderDialog';
import { SearchBox } from './components/SearchBox';
import { SettingsDialog } from './components/SettingsDialog';
import { TipConfirmDialog } from './components/TipConfirmDialog';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { Sidebar, SidebarToggle } from './components/Sidebar';
import { TrackSection } from './components/TrackSection';
import { WalletDialog } from './components/WalletDialog';
import { useFolderDrop } from './hooks/useFolderDrop';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts';
import { useAppStore } from './store/appStore';

function MainContent() {
  const view = useAppStore((s) => s.view);
  const viewKind = view.kind;
  const libraryEmpty = useAppStore((s) => s.stats?.tracks === 0);
  if (viewKind === 'publish') return <PublishView />;
  if (viewKind === 'earnings') return <EarningsView />;
  if (viewKind === 'playlist') return <PlaylistView />;
  if (viewKind === 'nowPlaying') return <NowPlayingView />;
  if (libraryEmpty) return <EmptyState />;
  if (viewKind === 'albums') return <AlbumGrid />;
  if (viewKind === 'artists') return <ArtistList />;
  if (view.kind === 'album') return <AlbumPage key={view.albumId} {...view} />;
  if (view.kind === 'artist') return <ArtistPage key={view.artistId} {...view} />;
  return <TrackSection />;
}

function Dialogs() {
  const dialog = useAppStore((s) => s.dialog);
  if (dialog === 'import') return <ImportDialog />;
  if (dialog === 'shortcuts') return <ShortcutsDialog />;
  if (dialog === 'removeFolder') return <RemoveFolderDialog />;
  if (dialog === 'wallet') return <WalletDialog />;
  if (dialog === 'settings') return <SettingsDialog />;
  if (dialog === 'tipConfirm') return <TipConfirmDialog />;
  if (dialog === 'playlist') return <PlaylistDialog />;
  return null;
}

export function App() {
  useKeyboardShortcuts();
  const dragging = useFolderDrop();
  // The Now playing view shows the queue itself.
  const queueOpen = useAppStore((s) => s.queueOpen && s.view.kind !== 'nowPlaying');
  const sidebarOpen = useAppStore((s) => s.sidebarOpen);
  const showToolbar = useAppStore(
    (s) =>
      s.stats?.tracks !== 0 &&
      s.view.kind !== 'publish' &&
      s.view.kind !== 'earnings' &&
      s.view.kind !== 'nowPlaying',
  );
  return (
    <div
      className={['app', queueOpen && 'has-queue', sidebarOpen && 'sidebar-open'].filter(Boolean).join(' ')}
    >
      <Sidebar />
      <main className="main">
        <div className={showToolbar ? 'toolbar' : 'toolbar toolbar--bare'}>
          <SidebarToggle />
          {showToolbar ? <SearchBox /> : null}
        </div>
        <MainContent />
      </main>
      {queueOpen ? <QueuePanel /> : null}
      <NowPlayingBar />
      <div className="floating-panels">
        <ImportProgress />
        <ImportSummary />
      </div>
      <Notices />
      <Dialogs />
      {dragging ? <DropOverlay /> : null}
    </div>
  );
}
