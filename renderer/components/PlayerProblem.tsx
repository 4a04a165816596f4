import { useState } from 'react';
import { useAppStore } from '../store/appStore';

/** After unlocking, the track the player stopped on starts again. */
function WalletUnlockInline() {
  const [passphrase, setPassphrase] = useState('');
  const busy = useAppStore((s) => s.walletBusy);
  const error = useAppStore((s) => s.walletError);
  const headless = useAppStore((s) => s.capabilities?.host === 'headless');
  const { unlockWallet, playQueueIndex } = useAppStore.getState();
  return (
    <form
      className="player-problem__unlock"
      aria-label="Unlock your wallet to play"
      onSubmit={(event) => {
        event.preventDefault();
        void unlockWallet(passphrase).then((ok) => {
          if (!ok) return;
          setPassphrase('');
          playQueueIndex(useAppStore.getState().index);
        });
      }}
    >
      <label className="visually-hidden" htmlFor="player-wallet-passphrase">
        Wallet passphrase
      </label>
      <input
        id="player-wallet-passphrase"
        className="text-field"
        type="password"
        autoComplete="current-password"
        placeholder={headless ? 'Wallet passphrase' : 'Passphrase (empty: use the keychain)'}
        required={headless}
        value={passphrase}
        onChange={(event) => setPassphrase(event.currentTarget.value)}
      />
      <button type="submit" className="primary-button" disabled={busy}>
        Unlock and play
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** Why the player stopped on a track, above the bar, until it plays again; a locked wallet is unlocked here. */
export function PlayerProblem() {
  const problem = useAppStore((s) => s.playerProblem);
  if (!problem) return null;
  return (
    <div className="player-problem" role="alert" aria-label="Playback problem">
      <p className="player-problem__message">{problem.message}</p>
      {problem.code === 'WALLET_LOCKED' ? <WalletUnlockInline /> : null}
    </div>
  );
}
