/**
 * Ether amounts as Busker shows them, in the app and in its messages. Wei arrive as decimal strings (JSON carries no
 * bigint) and are handled as bigint here, so no amount ever goes through a floating-point number.
 */

const weiPerEther = 10n ** 18n;
const etherDecimals = 18;

/** Reads a wei decimal string; null when it is not one. */
export function parseWei(wei: string): bigint | null {
  return /^\d+$/.test(wei) ? BigInt(wei) : null;
}

/**
 * `1500000000000000000` → `1.5`. Rounds half up to `maxDecimals` places and drops trailing
 * zeros; an amount too small to show is written `<0.000001` rather than a misleading `0`.
 */
export function formatEther(wei: string | bigint, maxDecimals = 6): string {
  const value = typeof wei === 'bigint' ? wei : parseWei(wei);
  if (value == null || value < 0n) return '—';
  const places = Math.max(0, Math.min(etherDecimals, Math.floor(maxDecimals)));
  const unit = 10n ** BigInt(etherDecimals - places);
  const rounded = ((value + unit / 2n) / unit) * unit;
  if (rounded === 0n && value > 0n) return places === 0 ? '<1' : `<0.${'0'.repeat(places - 1)}1`;
  const whole = rounded / weiPerEther;
  const fraction = (rounded % weiPerEther).toString().padStart(etherDecimals, '0').slice(0, places);
  const trimmed = fraction.replace(/0+$/, '');
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return trimmed ? `${wholeText}.${trimmed}` : wholeText;
}

/** `formatEther` with its unit: `0.01 ETH`. */
export function formatEtherWithUnit(wei: string | bigint, maxDecimals = 6): string {
  return `${formatEther(wei, maxDecimals)} ETH`;
}
