/** Ether amounts as typed into the UI; shown ones are formatted by base/etherAmount.ts. */

const weiPerEther = 10n ** 18n;
const etherDecimals = 18;

export type EtherInput = { ok: true; wei: bigint; text: string } | { ok: false; message: string };

/** Reads an amount typed in ether ("0.01", ".5", "2"); the message says what is wrong in words. */
export function parseEther(input: string): EtherInput {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Enter a price in ETH, for example 0.01.' };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    return { ok: false, message: 'Write the price as a number in ETH, for example 0.01.' };
  }
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > etherDecimals) {
    return { ok: false, message: 'ETH has at most 18 decimal places.' };
  }
  const wei = BigInt(whole || '0') * weiPerEther + BigInt(fraction.padEnd(etherDecimals, '0') || '0');
  if (wei === 0n) return { ok: false, message: 'The price must be more than 0 ETH.' };
  return { ok: true, wei, text };
}
