import { useAppStore } from '../store/appStore';

/** Stands in for a page that needs an open wallet. */
export function WalletRequired({ action }: { action: string }) {
  const status = useAppStore((s) => s.wallet?.status ?? 'none');
  const openDialog = useAppStore((s) => s.openDialog);
  return (
    <div className="wallet-required">
      <p>
        {status === 'locked'
          ? `Unlock your wallet to ${action}.`
          : `Set up a wallet to ${action}: it holds your address on the chain.`}
      </p>
      <button type="button" className="primary-button" onClick={() => openDialog('wallet')}>
        {status === 'locked' ? `Unlock wallet to ${action}` : `Set up wallet to ${action}`}
      </button>
    </div>
  );
}
