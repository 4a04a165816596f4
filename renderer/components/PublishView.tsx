import { useEffect } from 'react';
import { useAppStore } from '../store/appStore';
import { BecomeArtistForm } from './BecomeArtistForm';
import { PublishForm } from './PublishForm';
import { PublishJobList } from './PublishJobList';
import { WalletRequired } from './WalletRequired';

/** The artist's publish page: become an artist once, then drop files, price them, follow each one. */
export function PublishView() {
  const walletReady = useAppStore((s) => s.wallet?.status === 'unlocked');
  const artistContract = useAppStore((s) => s.artist?.contract ?? null);
  const artistName = useAppStore((s) => s.artist?.name ?? null);
  const { loadArtist, loadPublishJobs } = useAppStore.getState();
  useEffect(() => {
    if (!walletReady) return;
    void loadArtist();
    void loadPublishJobs();
  }, [walletReady, loadArtist, loadPublishJobs]);

  return (
    <section className="page" aria-labelledby="publish-title">
      <header className="section-header">
        <div className="section-title">
          <h1 id="publish-title">Publish</h1>
        </div>
        {artistName ? <p className="section-count">As {artistName}</p> : null}
      </header>
      <div className="page__body">
        {!walletReady ? (
          <WalletRequired action="publish" />
        ) : artistContract ? (
          <>
            <PublishForm />
            <PublishJobList />
          </>
        ) : (
          <BecomeArtistForm />
        )}
      </div>
    </section>
  );
}
