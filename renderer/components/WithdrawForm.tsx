import { useState } from 'react';
import { isAddress } from '../logic/address';
import { useAppStore } from '../store/appStore';

/** Withdraws the whole balance to the wallet's own address or to another one. */
export function WithdrawForm({ hasBalance }: { hasBalance: boolean }) {
  const [target, setTarget] = useState<'own' | 'other'>('own');
  const [address, setAddress] = useState('');
  const [addressError, setAddressError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const busy = useAppStore((s) => s.artistBusy);
  const withdraw = useAppStore((s) => s.withdraw);
  return (
    <form
      className="withdraw-form"
      aria-labelledby="withdraw-title"
      onSubmit={(event) => {
        event.preventDefault();
        setDone(false);
        if (target === 'other' && !isAddress(address)) {
          setAddressError('An address is 0x followed by 40 hexadecimal digits.');
          return;
        }
        setAddressError(null);
        void withdraw(target === 'other' ? address.trim() : null).then(setDone);
      }}
    >
      <h2 id="withdraw-title" className="settings__heading">
        Withdraw
      </h2>
      <fieldset className="choice-group">
        <legend className="visually-hidden">Withdraw to</legend>
        <label className="choice">
          <input
            type="radio"
            name="withdraw-to"
            checked={target === 'own'}
            onChange={() => setTarget('own')}
          />
          To my wallet
        </label>
        <label className="choice">
          <input
            type="radio"
            name="withdraw-to"
            checked={target === 'other'}
            onChange={() => setTarget('other')}
          />
          To another address
        </label>
      </fieldset>
      {target === 'other' ? (
        <>
          <label className="field-label" htmlFor="withdraw-address">
            Withdraw to address
          </label>
          <input
            id="withdraw-address"
            className="text-field"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="0x…"
            aria-invalid={addressError ? true : undefined}
            aria-describedby={addressError ? 'withdraw-address-error' : undefined}
            value={address}
            onChange={(event) => setAddress(event.currentTarget.value)}
          />
          {addressError ? (
            <p id="withdraw-address-error" className="form-error">
              {addressError}
            </p>
          ) : null}
        </>
      ) : null}
      {done ? (
        <p className="field-hint" role="status">
          Withdrawn.
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={busy || !hasBalance}>
          {busy ? 'Withdrawing…' : 'Withdraw'}
        </button>
      </div>
    </form>
  );
}
