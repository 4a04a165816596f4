import { useAppStore } from '../store/appStore';
import { FolderIcon, MusicIcon } from './icons';
import { WelcomeNetworkOffer } from './WelcomeNetworkOffer';

/** What a newcomer sees before any music is imported; with no network, also the offer to join one. */
export function EmptyState() {
  const chooseFolderToImport = useAppStore((s) => s.chooseFolderToImport);
  const importing = useAppStore((s) => s.importRunning);
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <div className="empty-state__art" aria-hidden="true">
        <MusicIcon />
      </div>
      <h1 id="empty-state-title">Welcome to Busker</h1>
      <p className="empty-state__lead">
        Busker plays the music on your computer, offline, and lets you tip the artists who made it.
      </p>
      <h2 className="empty-state__offer">Import your music</h2>
      <p className="empty-state__steps">Start by adding the folder where you keep your music.</p>
      <button
        type="button"
        className="primary-button primary-button--large"
        disabled={importing}
        onClick={() => void chooseFolderToImport()}
      >
        <FolderIcon />
        Import a folder of music
      </button>
      <p className="empty-state__drop">or drag a folder here</p>
      <WelcomeNetworkOffer />
    </section>
  );
}
