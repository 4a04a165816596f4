import { AlbumGrid } from './components/AlbumGrid';
import { ArtistList } from './components/ArtistList';
import { DropOverlay } from './components/DropOverlay';
import { EarningsView } from './components/EarningsView';
import { EmptyState } from './components/EmptyState';
import { ImportDialog } from './components/ImportDialog';
import { ImportProgress } from './components/ImportProgress';
import { ImportSummary } from './components/ImportSummary';
import { Notices } from './components/Notices';
import { NowPlayingBar } from './components/NowPlayingBar';
import { NowPlayingView } from './components/NowPlayingView';
import { PublishView } from './components/PublishView';
import { QueuePanel } from './components/QueuePanel';
import { RemoveFolderDialog } from './components/RemoveFolderDialog';
import { SearchBox } from './components/SearchBox';
import { SettingsDialog } from './components/SettingsDialog';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { Sidebar } from './components/Sidebar';
import { TrackSection } from './components/TrackSection';
import { WalletDialog } from './components/WalletDialog';
import { useFolderDrop } from './hooks/useFolderDrop';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts';
import { useAppStore } from './store/appStore';

function MainContent() {
  const viewKind = useAppStore((s) => s.view.kind);
  const libraryEmpty = useAppStore((s) => s.stats?.tracks === 0);
  if (viewKind === 'publish') return <PublishView />;
  if (viewKind === 'earnings') return <EarningsView />;
  if (viewKind === 'nowPlaying') return <NowPlayingView />;
  if (libraryEmpty) return <EmptyState />;
  if (viewKind === 'albums') return <AlbumGrid />;
  if (viewKind === 'artists') return <ArtistList />;
  return <TrackSection />;
}

function Dialogs() {
  const dialog = useAppStore((s) => s.dialog);
  if (dialog === 'import') return <ImportDialog />;
  if (dialog === 'shortcuts') return <ShortcutsDialog />;
  if (dialog === 'removeFolder') return <RemoveFolderDialog />;
  if (dialog === 'wallet') return <WalletDialog />;
  if (dialog === 'settings') return <SettingsDialog />;
  return null;
}

export function App() {
  useKeyboardShortcuts();
  const dragging = useFolderDrop();
  // The Now playing view shows the queue itself.
  const queueOpen = useAppStore((s) => s.queueOpen && s.view.kind !== 'nowPlaying');
  const showToolbar = useAppStore(
    (s) =>
      s.stats?.tracks !== 0 &&
      s.view.kind !== 'publish' &&
      s.view.kind !== 'earnings' &&
      s.view.kind !== 'nowPlaying',
  );
  return (
    <div className={queueOpen ? 'app has-queue' : 'app'}>
      <Sidebar />
      <main className="main">
        {!showToolbar ? null : (
          <div className="toolbar">
            <SearchBox />
          </div>
        )}
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
