import { useState } from 'react';
import { useAppStore } from '../store/appStore';

const dismissedKey = 'busker.networkOfferDismissed';

function wasDismissed(): boolean {
  try {
    return localStorage.getItem(dismissedKey) === 'yes';
  } catch {
    return false;
  }
}

/**
 * The first run's second offer, beside importing music: joining a network, in plain words. Shown
 * only while there is no network; "Not now" hides it for good (joining hides it too).
 */
export function WelcomeNetworkOffer() {
  const noNetwork = useAppStore((s) => s.wallet != null && s.wallet.network == null);
  const openDialog = useAppStore((s) => s.openDialog);
  const [dismissed, setDismissed] = useState(wasDismissed);
  if (!noNetwork || dismissed) return null;
  const dismiss = () => {
    try {
      localStorage.setItem(dismissedKey, 'yes');
    } catch {
      // Storage may be unavailable (private mode): the offer then stays hidden for this session.
    }
    setDismissed(true);
  };
  return (
    <section className="welcome-offer" aria-labelledby="welcome-network-title">
      <h2 id="welcome-network-title">Join a network</h2>
      <p>
        Busker is not connected to a network, and your music plays without one. Joining a network lets you
        find tracks other artists publish, tip them to unlock those tracks, and publish your own. All you need
        is the address of the network&apos;s key server.
      </p>
      <div className="welcome-offer__actions">
        <button type="button" className="primary-button" onClick={() => openDialog('settings')}>
          Join a network
        </button>
        <button type="button" className="secondary-button" onClick={dismiss}>
          Not now
        </button>
      </div>
    </section>
  );
}
