import type { ReactNode } from 'react';
import { useState } from 'react';
import type { WalletSetup } from '../../core/api/appApi';
import { shortAddress } from '../logic/address';
import { newPassphraseProblem } from '../../base/passphraseStrength';
import { useAppStore } from '../store/appStore';
import { NewPassphraseFields } from './NewPassphraseFields';

type SetupKind = WalletSetup['kind'];

const kindLabels: Record<SetupKind, string> = {
  create: 'Create a new wallet',
  mnemonic: 'Import a recovery phrase',
  privateKey: 'Import a private key',
  developmentAccount: 'Use a development account (public test keys)',
};

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

/** Creates a wallet, imports one, or takes a development account, behind a new passphrase. */
export function WalletSetupForm({
  passphraseRequired,
  errorLine,
}: {
  passphraseRequired: boolean;
  /** The wallet dialog's error line, shown above the buttons. */
  errorLine: ReactNode;
}) {
  const accounts = useAppStore((s) => s.wallet?.developmentAccounts);
  const busy = useAppStore((s) => s.walletBusy);
  const { setUpWallet, closeDialog, clearWalletError } = useAppStore.getState();
  const [kind, setKind] = useState<SetupKind>('create');
  const [secret, setSecret] = useState('');
  const [accountIndex, setAccountIndex] = useState(0);
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
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
        const refused = newPassphraseProblem(passphrase, confirmation, passphraseRequired);
        setProblem(refused);
        if (refused) return;
        const request = setup();
        setSecret('');
        setPassphrase('');
        setConfirmation('');
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
                setProblem(null);
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
            aria-describedby="wallet-dev-account-warning"
            onChange={(event) => setAccountIndex(Number(event.currentTarget.value))}
          >
            {accounts.map((account) => (
              <option key={account.index} value={account.index}>
                {`#${account.index} ${shortAddress(account.address)}`}
              </option>
            ))}
          </select>
          <p
            id="wallet-dev-account-warning"
            className="public-keys-warning"
            data-testid="public-keys-warning"
          >
            Public test keys — local network only. Anyone can take what these accounts hold on a real network.
          </p>
        </>
      ) : null}
      <NewPassphraseFields
        passphrase={passphrase}
        confirmation={confirmation}
        onPassphrase={setPassphrase}
        onConfirmation={setConfirmation}
        required={passphraseRequired}
      />
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {errorLine}
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
