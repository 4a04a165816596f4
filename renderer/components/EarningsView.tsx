import { useEffect } from 'react';
import { formatEtherWithUnit, parseWei } from '../../base/etherAmount';
import { useAppStore } from '../store/appStore';
import { TipChart } from './TipChart';
import { WalletRequired } from './WalletRequired';
import { WithdrawForm } from './WithdrawForm';

function EarningsBody() {
  const earnings = useAppStore((s) => s.earnings);
  const error = useAppStore((s) => s.artistError);
  if (!earnings) {
    return error ? (
      <p className="form-error" role="alert">
        {error}
      </p>
    ) : (
      <p className="field-hint">Loading your earnings…</p>
    );
  }
  const hasBalance = (parseWei(earnings.balanceWei) ?? 0n) > 0n;
  return (
    <>
      <dl className="earnings-totals" aria-label="Earnings">
        <div>
          <dt>Total tips</dt>
          <dd data-testid="earnings-total">{formatEtherWithUnit(earnings.totalWei)}</dd>
        </div>
        <div>
          <dt>Balance to withdraw</dt>
          <dd data-testid="earnings-balance">{formatEtherWithUnit(earnings.balanceWei)}</dd>
        </div>
        <div>
          <dt>Tips</dt>
          <dd>{earnings.tips.length}</dd>
        </div>
      </dl>
      {earnings.tips.length > 0 ? (
        <TipChart tips={earnings.tips} />
      ) : (
        <p className="field-hint">No tips yet. They appear here as listeners unlock your tracks.</p>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <WithdrawForm hasBalance={hasBalance} />
    </>
  );
}

/** The artist's earnings: totals, tips per track over time, and withdraw. */
export function EarningsView() {
  const walletReady = useAppStore((s) => s.wallet?.status === 'unlocked');
  const isArtist = useAppStore((s) => s.artist?.contract != null);
  const { loadEarnings, showView } = useAppStore.getState();
  useEffect(() => {
    if (walletReady && isArtist) void loadEarnings();
  }, [walletReady, isArtist, loadEarnings]);
  return (
    <section className="page" aria-labelledby="earnings-title">
      <header className="section-header">
        <div className="section-title">
          <h1 id="earnings-title">Earnings</h1>
        </div>
      </header>
      <div className="page__body">
        {!walletReady ? (
          <WalletRequired action="see your earnings" />
        ) : isArtist ? (
          <EarningsBody />
        ) : (
          <div className="wallet-required">
            <p>You are not an artist yet: publish a track to start earning tips.</p>
            <button type="button" className="primary-button" onClick={() => showView({ kind: 'publish' })}>
              Go to Publish
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
