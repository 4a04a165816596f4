import { useState } from 'react';
import type { WalletSetup } from '../../core/api/appApi';
import { shortAddress } from '../logic/address';
import { useAppStore } from '../store/appStore';
import { Modal } from './Modal';

type SetupKind = WalletSetup['kind'];

const kindLabels: Record<SetupKind, string> = {
  create: 'Create a new wallet',
  mnemonic: 'Import a recovery phrase',
  privateKey: 'Import a private key',
  developmentAccount: 'Use a development account',
};

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

function MnemonicNotice({ mnemonic }: { mnemonic: string }) {
  const [confirmed, setConfirmed] = useState(false);
  const { confirmMnemonicSaved, closeDialog } = useAppStore.getState();
  return (
    <div className="mnemonic">
      <p>
        This is your recovery phrase. Write it down and keep it safe: it is the only way to get your wallet
        back, and Busker will not show it again.
      </p>
      <p className="mnemonic__words" aria-label="Recovery phrase" data-testid="recovery-phrase">
        {mnemonic}
      </p>
      <label className="checkbox-field">
        <input
          type="checkbox"
          checked={confirmed}
          onChange={(event) => setConfirmed(event.currentTarget.checked)}
        />
        I wrote it down
      </label>
      <div className="modal__actions">
        <button
          type="button"
          className="primary-button"
          disabled={!confirmed}
          onClick={() => {
            confirmMnemonicSaved();
            closeDialog();
          }}
        >
          Done
        </button>
      </div>
    </div>
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

function SecretField({
  kind,
  value,
  onChange,
}: {
  kind: SetupKind;
  value: string;
  onChange(v: string): void;
}) {
  if (kind === 'mnemonic') {
    return (
      <>
        <label className="field-label" htmlFor="wallet-mnemonic">
          Recovery phrase
        </label>
        <textarea
          id="wallet-mnemonic"
          className="text-field text-area"
          rows={3}
          autoComplete="off"
          spellCheck={false}
          required
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      </>
    );
  }
  if (kind === 'privateKey') {
    return (
      <>
        <label className="field-label" htmlFor="wallet-private-key">
          Private key
        </label>
        <input
          id="wallet-private-key"
          className="text-field"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      </>
    );
  }
  return null;
}

function SetupForm({ passphraseRequired }: { passphraseRequired: boolean }) {
  const accounts = useAppStore((s) => s.wallet?.developmentAccounts);
  const busy = useAppStore((s) => s.walletBusy);
  const { setUpWallet, closeDialog, clearWalletError } = useAppStore.getState();
  const [kind, setKind] = useState<SetupKind>('create');
  const [secret, setSecret] = useState('');
  const [accountIndex, setAccountIndex] = useState(0);
  const [passphrase, setPassphrase] = useState('');
  const kinds = (Object.keys(kindLabels) as SetupKind[]).filter(
    (option) => option !== 'developmentAccount' || (accounts?.length ?? 0) > 0,
  );

  const setup = (): WalletSetup => {
    switch (kind) {
      case 'create':
        return { kind, passphrase };
      case 'mnemonic':
        return { kind, mnemonic: secret.trim(), passphrase };
      case 'privateKey':
        return { kind, privateKey: secret.trim(), passphrase };
      case 'developmentAccount':
        return { kind, index: accountIndex, passphrase };
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const request = setup();
        setSecret('');
        setPassphrase('');
        void setUpWallet(request).then((ok) => {
          // A new wallet stays open to show its recovery phrase once.
          if (ok && request.kind !== 'create') closeDialog();
        });
      }}
    >
      <fieldset className="choice-group">
        <legend className="field-label">How to set up your wallet</legend>
        {kinds.map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name="wallet-setup-kind"
              value={option}
              checked={kind === option}
              onChange={() => {
                setKind(option);
                setSecret('');
                clearWalletError();
              }}
            />
            {kindLabels[option]}
          </label>
        ))}
      </fieldset>
      <SecretField kind={kind} value={secret} onChange={setSecret} />
      {kind === 'developmentAccount' && accounts ? (
        <>
          <label className="field-label" htmlFor="wallet-dev-account">
            Development account
          </label>
          <select
            id="wallet-dev-account"
            className="text-field"
            value={accountIndex}
            onChange={(event) => setAccountIndex(Number(event.currentTarget.value))}
          >
            {accounts.map((account) => (
              <option key={account.index} value={account.index}>
                {`#${account.index} ${shortAddress(account.address)}`}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <PassphraseField
        value={passphrase}
        onChange={setPassphrase}
        required={passphraseRequired}
        label={passphraseRequired ? 'Passphrase' : 'Passphrase (optional)'}
      />
      <ErrorLine />
      <div className="modal__actions">
        <button type="button" className="text-button" onClick={closeDialog}>
          Cancel
        </button>
        <button type="submit" className="primary-button" disabled={busy}>
          {kind === 'create' ? 'Create wallet' : 'Set up wallet'}
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
        <MnemonicNotice mnemonic={mnemonic} />
      ) : status === 'locked' ? (
        <UnlockForm passphraseRequired={headless} />
      ) : (
        <SetupForm passphraseRequired={headless} />
      )}
    </Modal>
  );
}
