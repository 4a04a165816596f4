// Keccak-256 for the key server's every request (the EIP-712 digest, the signer's address, the
// EIP-55 checksums of the addresses a request names): js-sha3 on bytes, about twice as fast as
// the implementation under ethers' `keccak256`, and without its hex strings in and out.
import sha3 from 'js-sha3';

export function keccak256(bytes: Uint8Array): Buffer {
  return Buffer.from(sha3.keccak256.arrayBuffer(bytes));
}

/**
 * The EIP-55 checksummed form of a 0x-hex address (40 hex digits), or null when the address is
 * in mixed case and that case is not its checksum: what ethers' `getAddress` accepts and returns.
 */
export function checksummedAddress(address: string): string | null {
  const lower = address.slice(2).toLowerCase();
  const hash = keccak256(Buffer.from(lower, 'latin1'));
  let checksummed = '0x';
  for (let index = 0; index < 40; index += 1) {
    const digit = lower[index] ?? '';
    const nibble = ((hash[index >> 1] ?? 0) >> (index % 2 === 0 ? 4 : 0)) & 0x0f;
    checksummed += nibble >= 8 ? digit.toUpperCase() : digit;
  }
  const digits = address.slice(2);
  const mixedCase = digits !== digits.toLowerCase() && digits !== digits.toUpperCase();
  return mixedCase && digits !== checksummed.slice(2) ? null : checksummed;
}
