import { useState } from 'react';
import { shortAddress } from '../logic/address';
import { formatEtherWithUnit } from '../../base/etherAmount';
import { useAppStore } from '../store/appStore';

function CopyAddressButton({ address }: { address: string }) {
  const [copied, setCopied] = useState(false);
  const notify = useAppStore((s) => s.notify);
  return (
    <button
      type="button"
      className="text-button wallet__copy"
      aria-label="Copy wallet address"
      title={address}
      onClick={() => {
        navigator.clipboard.writeText(address).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => notify('Busker could not copy the address. Select it and copy it by hand.'),
        );
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

function NetworkLine() {
  const loaded = useAppStore((s) => s.wallet != null);
  const network = useAppStore((s) => s.wallet?.network ?? null);
  const openDialog = useAppStore((s) => s.openDialog);
  if (!loaded) return null;
  if (!network) {
    return (
      <>
        <p className="wallet__network">
          <span data-testid="wallet-network">Not connected — join a network</span>
        </p>
        <button type="button" className="secondary-button" onClick={() => openDialog('settings')}>
          Join a network
        </button>
      </>
    );
  }
  // Whether it answers is said once, by the connection status at the top of the sidebar.
  return (
    <p className="wallet__network">
      <span data-testid="wallet-network">{network.name}</span>
    </p>
  );
}

/** The sidebar's wallet: address (with copy), balance, network; or the way to set one up. */
export function WalletPanel() {
  const status = useAppStore((s) => s.wallet?.status ?? null);
  const address = useAppStore((s) => s.wallet?.address ?? null);
  const balanceWei = useAppStore((s) => s.wallet?.balanceWei ?? null);
  const mnemonicPending = useAppStore((s) => s.newMnemonic != null);
  const openDialog = useAppStore((s) => s.openDialog);
  return (
    <section className="wallet" aria-label="Wallet">
      <h2 className="sidebar__heading">Wallet</h2>
      {status === 'unlocked' && address && !mnemonicPending ? (
        <>
          <p className="wallet__address">
            <span title={address} data-testid="wallet-address" aria-label={`Address ${address}`}>
              {shortAddress(address)}
            </span>
            <CopyAddressButton address={address} />
          </p>
          <p className="wallet__balance" data-testid="wallet-balance">
            {balanceWei == null ? 'Balance unavailable' : formatEtherWithUnit(balanceWei)}
          </p>
        </>
      ) : null}
      {status === 'locked' ? <p className="field-hint">Your wallet is locked.</p> : null}
      {status === 'none' ? <p className="field-hint">No wallet yet: set one up to tip and publish.</p> : null}
      <NetworkLine />
      {status === 'none' || status === 'locked' ? (
        <button type="button" className="secondary-button" onClick={() => openDialog('wallet')}>
          {status === 'none' ? 'Set up wallet' : 'Unlock wallet'}
        </button>
      ) : null}
      {mnemonicPending ? (
        <>
          <p className="field-hint">Confirm your recovery phrase to start using this wallet.</p>
          <button type="button" className="secondary-button" onClick={() => openDialog('wallet')}>
            Confirm recovery phrase
          </button>
        </>
      ) : null}
    </section>
  );
}
