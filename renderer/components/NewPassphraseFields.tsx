import { judgePassphrase } from '../../base/passphraseStrength';

/**
 * A new wallet passphrase typed twice, with its strength in words as it is typed. In the
 * browser host it is required; in Electron the system keeps the secret and it is optional.
 */
export function NewPassphraseFields({
  passphrase,
  confirmation,
  onPassphrase,
  onConfirmation,
  required,
}: {
  passphrase: string;
  confirmation: string;
  onPassphrase(value: string): void;
  onConfirmation(value: string): void;
  required: boolean;
}) {
  const verdict = passphrase === '' ? null : judgePassphrase(passphrase);
  const mismatch = confirmation !== '' && confirmation !== passphrase;
  return (
    <>
      <label className="field-label" htmlFor="wallet-new-passphrase">
        {required ? 'Passphrase' : 'Passphrase (optional)'}
      </label>
      <input
        id="wallet-new-passphrase"
        className="text-field"
        type="password"
        autoComplete="new-password"
        required={required}
        value={passphrase}
        aria-describedby="wallet-new-passphrase-hint wallet-passphrase-strength"
        onChange={(event) => onPassphrase(event.currentTarget.value)}
      />
      <p id="wallet-new-passphrase-hint" className="field-hint">
        {required
          ? 'Busker asks for it each time it starts, to open your wallet and your keys. At least 10 characters.'
          : 'Optional: your system keeps the wallet locked for you. A passphrase adds another lock.'}
      </p>
      <p
        id="wallet-passphrase-strength"
        className={`passphrase-strength is-${verdict?.level ?? 'empty'}`}
        data-testid="passphrase-strength"
        aria-live="polite"
      >
        {verdict?.message ?? ''}
      </p>
      <label className="field-label" htmlFor="wallet-confirm-passphrase">
        Confirm passphrase
      </label>
      <input
        id="wallet-confirm-passphrase"
        className="text-field"
        type="password"
        autoComplete="new-password"
        required={required || passphrase !== ''}
        value={confirmation}
        aria-invalid={mismatch}
        aria-describedby={mismatch ? 'wallet-passphrase-mismatch' : undefined}
        onChange={(event) => onConfirmation(event.currentTarget.value)}
      />
      {mismatch ? (
        <p id="wallet-passphrase-mismatch" className="field-hint">
          Not the same passphrase yet.
        </p>
      ) : null}
    </>
  );
}
