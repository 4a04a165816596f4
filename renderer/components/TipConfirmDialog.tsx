import type { TipQuote } from '../../core/api/appApi';
import { formatEtherWithUnit } from '../../base/etherAmount';
import { shortAddress } from '../logic/address';
import { useAppStore } from '../store/appStore';
import { Modal } from './Modal';

/** "Your wallet has 0 ETH; …": said before the tip when the balance cannot cover it. */
function shortfall(quote: TipQuote): string | null {
  const needed = BigInt(quote.priceWei) + BigInt(quote.feeWei);
  if (quote.alreadyPaid || BigInt(quote.balanceWei) >= needed) return null;
  return (
    `Your wallet has ${formatEtherWithUnit(quote.balanceWei)}, less than the ${formatEtherWithUnit(needed)} ` +
    `this needs. Add funds to ${quote.walletAddress} first, or the tip will be refused.`
  );
}

function summary(quote: TipQuote, title: string): string {
  const artist = quote.artistName
    ? `${quote.artistName} (${shortAddress(quote.artistContract)})`
    : shortAddress(quote.artistContract);
  if (quote.alreadyPaid) {
    return `Your tip to ${artist} for “${title}” is paid already: Busker only fetches its key. Nothing more is paid.`;
  }
  return (
    `Tip ${formatEtherWithUnit(quote.priceWei)} to ${artist} for “${title}”? ` +
    `Network fee about ${formatEtherWithUnit(quote.feeWei)}.`
  );
}

/** Confirms a tip before any ether moves: the amount, the artist who is paid, and the fee. */
export function TipConfirmDialog() {
  const asked = useAppStore((s) => s.tipToConfirm);
  const { closeDialog, confirmUnlock } = useAppStore.getState();
  if (!asked) return null;
  const { quote, error, title } = asked;
  const warning = quote ? shortfall(quote) : null;
  return (
    <Modal title="Tip and unlock" titleId="tip-confirm-title" className="tip-confirm-dialog">
      {quote ? (
        <p id="tip-confirm-summary">{summary(quote, title)}</p>
      ) : error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : (
        <p role="status">Checking the price and the network fee…</p>
      )}
      {warning ? (
        <p className="tip-confirm-dialog__warning" role="alert">
          {warning}
        </p>
      ) : null}
      <div className="modal__actions">
        {/* Focus starts on Cancel: a second Enter must not spend money. */}
        <button type="button" className="text-button" autoFocus onClick={closeDialog}>
          Cancel
        </button>
        <button
          type="button"
          className="primary-button"
          disabled={!quote}
          aria-describedby={quote ? 'tip-confirm-summary' : undefined}
          onClick={() => void confirmUnlock()}
        >
          Confirm
        </button>
      </div>
    </Modal>
  );
}
