import { useState } from 'react';
import { useAppStore } from '../store/appStore';
import { Modal } from './Modal';
import { RecoveryPhraseCheck } from './RecoveryPhraseCheck';
import { WalletSetupForm } from './WalletSetupForm';

function ErrorLine() {
  const error = useAppStore((s) => s.walletError);
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}

/** The passphrase field: required by the headless host; in Electron the system keeps the secret. */
function PassphraseField({
  value,
  onChange,
  required,
  label = 'Passphrase',
}: {
  value: string;
  onChange(value: string): void;
  required: boolean;
  label?: string;
}) {
  return (
    <>
      <label className="field-label" htmlFor="wallet-passphrase">
        {label}
      </label>
      <input
        id="wallet-passphrase"
        className="text-field"
        type="password"
        autoComplete="current-password"
        required={required}
        value={value}
        aria-describedby="wallet-passphrase-hint"
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      <p id="wallet-passphrase-hint" className="field-hint">
        {required
          ? 'Busker asks for it each time it starts, to open your wallet and your keys.'
          : 'Optional: your system keeps the wallet locked for you. A passphrase adds another lock.'}
      </p>
    </>
  );
}

function UnlockForm({ passphraseRequired }: { passphraseRequired: boolean }) {
  const [passphrase, setPassphrase] = useState('');
  const busy = useAppStore((s) => s.walletBusy);
  const { unlockWallet, closeDialog } = useAppStore.getState();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void unlockWallet(passphrase).then((ok) => {
          if (ok) closeDialog();
        });
        setPassphrase('');
      }}
    >
      <PassphraseField value={passphrase} onChange={setPassphrase} required={passphraseRequired} />
      <ErrorLine />
      <div className="modal__actions">
        <button type="button" className="text-button" onClick={closeDialog}>
          Cancel
        </button>
        <button type="submit" className="primary-button" disabled={busy}>
          Unlock
        </button>
      </div>
    </form>
  );
}

/** Sets up (create, import, development account) or unlocks the wallet; shows a new recovery phrase once. */
export function WalletDialog() {
  const status = useAppStore((s) => s.wallet?.status ?? 'none');
  const mnemonic = useAppStore((s) => s.newMnemonic);
  const headless = useAppStore((s) => s.capabilities?.host !== 'electron');
  const title = mnemonic
    ? 'Your recovery phrase'
    : status === 'locked'
      ? 'Unlock your wallet'
      : 'Set up your wallet';
  return (
    <Modal title={title} titleId="wallet-dialog-title" className="wallet-dialog">
      {mnemonic ? (
        <RecoveryPhraseCheck mnemonic={mnemonic} />
      ) : status === 'locked' ? (
        <UnlockForm passphraseRequired={headless} />
      ) : (
        <WalletSetupForm passphraseRequired={headless} errorLine={<ErrorLine />} />
      )}
    </Modal>
  );
}
