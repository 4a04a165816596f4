import { AlbumGrid } from './components/AlbumGrid';
import { ArtistList } from './components/ArtistList';
import { DropOverlay } from './components/DropOverlay';
import { EmptyState } from './components/EmptyState';
import { ImportDialog } from './components/ImportDialog';
import { ImportProgress } from './components/ImportProgress';
import { ImportSummary } from './components/ImportSummary';
import { Notices } from './components/Notices';
import { NowPlayingBar } from './components/NowPlayingBar';
import { QueuePanel } from './components/QueuePanel';
import { RemoveFolderDialog } from './components/RemoveFolderDialog';
import { SearchBox } from './components/SearchBox';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { Sidebar } from './components/Sidebar';
import { TrackSection } from './components/TrackSection';
import { useFolderDrop } from './hooks/useFolderDrop';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts';
import { useAppStore } from './store/appStore';

function MainContent() {
  const viewKind = useAppStore((s) => s.view.kind);
  const libraryEmpty = useAppStore((s) => s.stats?.tracks === 0);
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
  return null;
}

export function App() {
  useKeyboardShortcuts();
  const dragging = useFolderDrop();
  const queueOpen = useAppStore((s) => s.queueOpen);
  const libraryEmpty = useAppStore((s) => s.stats?.tracks === 0);
  return (
    <div className={queueOpen ? 'app has-queue' : 'app'}>
      <Sidebar />
      <main className="main">
        {libraryEmpty ? null : (
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
