import { useState } from 'react';
import { useAppStore } from '../store/appStore';

/**
 * The token this network's seeds want before they keep a published track (Settings → Network).
 * The host keeps it as a secret: the page only learns whether one is saved.
 */
export function PinningTokenForm() {
  const saved = useAppStore((s) => s.network?.hasPinningToken === true);
  const busy = useAppStore((s) => s.settingsBusy);
  const setPinningToken = useAppStore((s) => s.setPinningToken);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);

  return (
    <form
      aria-labelledby="settings-pinning-title"
      onSubmit={(event) => {
        event.preventDefault();
        const typed = token.trim();
        if (!/^[\x21-\x7e]{1,1024}$/.test(typed)) {
          setError("Paste the token your network's seeds gave you: printable text without spaces.");
          return;
        }
        setError(null);
        void setPinningToken(typed).then((ok) => ok && setToken(''));
      }}
    >
      <h3 id="settings-pinning-title" className="settings__heading">
        Pinning token
      </h3>
      <p className="field-hint" data-testid="pinning-token-state">
        {saved
          ? "A pinning token is saved for this network's seeds."
          : 'No pinning token: needed only when this network’s seeds ask for one.'}
      </p>
      <label className="field-label" htmlFor="pinning-token">
        {saved ? 'Replace pinning token' : 'Pinning token'}
      </label>
      <input
        id="pinning-token"
        className="text-field"
        type="password"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'pinning-token-error' : undefined}
        value={token}
        onChange={(event) => setToken(event.currentTarget.value)}
      />
      {error ? (
        <p id="pinning-token-error" className="form-error">
          {error}
        </p>
      ) : null}
      <div className="modal__actions">
        {saved ? (
          <button
            type="button"
            className="text-button"
            disabled={busy}
            onClick={() => void setPinningToken(null)}
          >
            Remove pinning token
          </button>
        ) : null}
        <button type="submit" className="primary-button" disabled={busy}>
          Save pinning token
        </button>
      </div>
    </form>
  );
}
