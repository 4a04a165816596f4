/** Ethereum addresses as the UI shows and checks them. */

/** True for `0x` and 40 hex digits (the checksum, if any, is the host's to verify). */
export function isAddress(text: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(text.trim());
}

/** `0x1234…abcd`: enough to recognise an address; the whole one is copied or shown on hover. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
