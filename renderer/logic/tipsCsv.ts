import type { TipRecord } from '../../core/api/appApi';
import { formatEther } from '../../base/etherAmount';

const header = ['Date (UTC)', 'Track', 'Amount (ETH)', 'Transaction', 'Tipper'];

/**
 * One CSV field: quoted when it holds a comma, quote or line break, and a leading = + - @ or
 * control character defused with an apostrophe, since track titles come from tags anyone writes
 * and spreadsheets run cells that start like formulas.
 */
export function csvField(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}

/** Every tip as a CSV line (oldest first): date, track, exact amount in ether, tx hash, tipper. */
export function tipsCsv(tips: readonly TipRecord[]): string {
  const rows = [...tips]
    .sort((a, b) => a.at - b.at)
    .map((tip) => [
      new Date(tip.at).toISOString(),
      tip.title,
      formatEther(tip.amountWei, 18).replaceAll(',', ''),
      tip.txHash,
      tip.listener,
    ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
